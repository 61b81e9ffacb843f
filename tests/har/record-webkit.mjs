// Records real HAR exports from Safari's engine, WebKit (WebKitGTK here),
// written by Web Inspector's own "Export HAR", for the HAR importer's tests
// (tests/fixtures/har/webkit-*.har, tests/cli/har.rs).
//
//   node tests/har/record-webkit.mjs [--only NAME] [--out DIR]
//
// It runs in private network, PID and mount namespaces (tests/lib/namespace.mjs),
// where app.example.test and api.example.test resolve to 127.0.0.1 through
// a hosts file of its own (WebKit has no host-resolver switch; see
// /work/shared/webkit.md and tests/lib/webkit.mjs) and port 80 is free.
// For each scenario of ./scenarios.mjs (the ones ./record-chromium.mjs runs) it:
//
// 1. serves the page on http://app.example.test and the API on
//    http://api.example.test, from one server on port 80;
// 2. opens http://app.example.test/blank in a WebKitGTK WebView
//    (./webkit_inspected.py, under xvfb-run, a fresh data directory) with
//    WEBKIT_INSPECTOR_HTTP_SERVER=127.0.0.1:9333: WebKit then serves its
//    own Web Inspector frontend (the Main.html and Main.js it bundles) and
//    the list of inspectable pages over HTTP, the frontend talking to the
//    page over a WebSocket;
// 3. opens that frontend, Main.html?ws=127.0.0.1:9333/socket/…/WebPage, as
//    the list links it, in headless Chromium (tests/lib/browser.mjs), and
//    shows its Network tab;
// 4. has the page navigate to the scenario (the frontend's own
//    `Page.navigate`), waits for the page's requests to settle (asked
//    through the frontend's `Runtime.evaluate`) and for the Network tab to
//    have no request loading;
// 5. runs the Network tab's own "Export HAR"
//    (`WI.NetworkTableContentView._exportHAR`, what its toolbar button and
//    ⌘S call: `WI.HARBuilder.buildArchive` on the tab's resources, then
//    `WI.FileUtilities.save`). Outside Safari, the frontend's host is its
//    `WI.BrowserInspectorFrontendHost`, whose `save` downloads the text as
//    a blob through a link; Chromium's downloads are sent to a directory
//    of this run (`Browser.setDownloadBehavior`), and the file it writes
//    is the fixture, unchanged.
//
// Each export is written to tests/fixtures/har/webkit-NAME.har. The
// committed ones were recorded with WebKitGTK 2.50.6 (Debian bookworm's
// libwebkit2gtk-4.1-0) and its frontend, shown in Debian's Chromium
// 156.0.8078.129. A run takes about 20 s; dates and timings differ from
// one run to the next.
//
// What Web Inspector's export holds: no preflight (its Network tab never
// shows one), and none of the requests that failed: they are in the tab,
// failed and with no status (this script prints what it shows), but
// `_HARResources` keeps only `resource.finished` ones. A page whose one
// request failed CORS exports as its document alone.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { atExit, launchChromium, spawnGroup } from "../lib/browser.mjs";
import { atMost, sleep, waitFor, withTimeout } from "../lib/wait.mjs";
import { mapHostsToLoopback, PYTHON } from "../lib/webkit.mjs";
import { PAGE, recordInNamespace, startServer } from "./scenarios.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const DRIVER = join(HERE, "webkit_inspected.py");
const INSPECTOR = "127.0.0.1:9333";

/** WebKitGTK on `url`, serving Web Inspector on INSPECTOR; resolves once the page has loaded. */
async function launchInspectedWebKit(name, url) {
  const { child, exited, log } = spawnGroup("xvfb-run", ["-a", "-s", "-screen 0 1280x1024x24", PYTHON, DRIVER, url], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, NO_AT_BRIDGE: "1", GTK_A11Y: "none", WEBKIT_INSPECTOR_HTTP_SERVER: INSPECTOR },
    logged: ["stderr"],
    logFile: `/tmp/corsim-har-webkit-${name}.log`,
  });
  child.stdin.on("error", () => {});
  let out = "";
  const hello = new Promise((ok, ko) => {
    child.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) {
        const message = JSON.parse(line);
        if (message.ready) ok(message);
        else ko(new Error(message.error));
      }
    });
    child.once("exit", (code, signal) => ko(new Error(`WebKit exited (${code ?? signal}): ${log().slice(-2000)}`)));
  });
  const ready = await withTimeout(hello, 30_000, "WebKitGTK did not load the blank page in 30 s");
  return {
    ...ready,
    log,
    async close() {
      child.stdin.end("\n");
      await atMost(exited, 5000);
    },
  };
}

/** The frontend's address for the inspectable page at `url`, from WebKit's list of targets. */
async function frontendFor(url) {
  return waitFor(
    async () => {
      const list = await fetch(`http://${INSPECTOR}/`).then((r) => r.text(), () => "");
      // <div class="targeturl">URL</div>…window.open('Main.html?ws=' + window.location.host + '/socket/1/1/WebPage', …
      for (const row of list.split("<tr>")) {
        const target = /class="targeturl">([^<]*)</.exec(row)?.[1];
        const socket = /'Main\.html\?ws=' \+ window\.location\.host \+ '([^']+)'/.exec(row)?.[1];
        if (target === url && socket) return `http://${INSPECTOR}/Main.html?ws=${INSPECTOR}${socket}`;
      }
      return null;
    },
    { what: `${url} in WebKit's list of inspectable pages`, timeout: 10_000 },
  );
}

/** The HAR text Web Inspector writes for `scenario`. */
async function record(name, scenario) {
  // What reached the server, to compare with what the export holds.
  const received = [];
  const api = (req) => {
    received.push(`${req.method} ${req.url}`);
    return scenario.api(req);
  };
  const server = await startServer({ ...scenario, api }, { port: 80 });
  const webkit = await launchInspectedWebKit(name, `${PAGE}/blank`);
  const downloads = mkdtempSync(join(tmpdir(), "corsim-har-webkit-downloads-"));
  atExit(() => rmSync(downloads, { recursive: true, force: true }));
  const browser = launchChromium({ tag: "corsim-har-webkit", logFile: `/tmp/corsim-har-webkit-${name}-chromium.log` });
  try {
    console.log(`${name}: WebKitGTK ${webkit.version}`);
    const url = await frontendFor(`${PAGE}/blank`);
    await browser.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads, eventsEnabled: true });
    const frontend = await browser.newPage({ width: 1280, height: 900 });
    const inFrontend = (expression, { what, timeout }) =>
      waitFor(() => frontend.evaluate(expression, { awaitPromise: true }), { what, timeout });
    await frontend.navigate(url);
    await inFrontend(
      `(() => {
        if (!window.WI || !WI.networkManager?.mainFrame || !WI.tabBrowser) return false;
        WI.showNetworkTab();
        return WI.tabBrowser.selectedTabContentView instanceof WI.NetworkTabContentView;
      })()`,
      { what: "Web Inspector's frontend attached, its Network tab shown", timeout: 20_000 },
    );
    // What the page's script got, asked through the frontend.
    const inPage = (expression) =>
      frontend.evaluate(
        `WI.assumingMainTarget().RuntimeAgent.evaluate.invoke({ expression: ${JSON.stringify(expression)}, returnByValue: true })
          .then(({ result, wasThrown }) => (wasThrown ? null : result.value))`,
        { awaitPromise: true },
      );
    await frontend.evaluate(`WI.assumingMainTarget().PageAgent.navigate.invoke({ url: ${JSON.stringify(`${PAGE}/${name}`)} })`, {
      awaitPromise: true,
    });
    const result = await waitFor(
      async () => {
        const text = await inPage("location.pathname === '/' + " + JSON.stringify(name) + " && window.__done ? JSON.stringify(window.__done) : null");
        return text && JSON.parse(text);
      },
      { what: `${name}: the page's requests`, timeout: 20_000 },
    );
    console.log(`${name}: the page got ${JSON.stringify(result)}`);
    // Until the Network tab has no request loading.
    const table = "WI.tabBrowser.selectedTabContentView._networkTableContentView";
    const shown = await inFrontend(
      `(() => {
        const entries = ${table}._activeCollection.filteredEntries;
        if (entries.length < 2 || entries.some((e) => e.resource.isLoading())) return false;
        return entries.map((e) => [e.resource.requestMethod, e.resource.url, e.resource.statusCode, e.resource.finished, e.resource.failed]);
      })()`,
      { what: `${name}: the Network tab's requests settled`, timeout: 10_000 },
    );
    await sleep(300);
    console.log(`${name}: the Network tab shows ${JSON.stringify(shown)}`);
    console.log(`${name}: the API received ${JSON.stringify(received)}`);
    const done = new Promise((ok, ko) => {
      const listener = (message) => {
        if (message.method !== "Browser.downloadProgress") return;
        if (message.params.state === "completed") ok(message.params);
        if (message.params.state === "canceled") ko(new Error("Chromium cancelled the download"));
      };
      browser.on(listener);
    });
    const begun = new Promise((ok) =>
      browser.on((message) => message.method === "Browser.downloadWillBegin" && ok(message.params.suggestedFilename)),
    );
    await frontend.evaluate(`${table}._exportHAR()`);
    const file = await withTimeout(begun, 10_000, `${name}: Web Inspector's export downloaded nothing`);
    await withTimeout(done, 10_000, `${name}: the download did not complete`);
    // The download is written under its GUID (Browser.setDownloadBehavior's
    // downloadPath without renaming): the one file there.
    const [written] = readdirSync(downloads);
    const text = readFileSync(join(downloads, written), "utf8");
    rmSync(join(downloads, written));
    console.log(`${name}: Web Inspector saved ${file}, ${text.length} characters`);
    return text;
  } finally {
    await browser.close();
    await webkit.close();
    server.close();
  }
}

recordInNamespace("webkit", record, {
  script: import.meta.url,
  before: () => mapHostsToLoopback(["app.example.test", "api.example.test"]),
  mount: true,
});
