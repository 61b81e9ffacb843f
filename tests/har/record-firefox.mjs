// Records real HAR exports from Firefox, written by its own network
// monitor's HAR export, for the HAR importer's tests
// (tests/fixtures/har/firefox-*.har, tests/cli/har.rs).
//
//   node tests/har/record-firefox.mjs [--only NAME] [--out DIR]
//
// It runs in private network and PID namespaces (tests/lib/namespace.mjs),
// where port 80 is free; Firefox sends every name to 127.0.0.1
// (`network.dns.forceResolve`, tests/lib/firefox.mjs). For each scenario
// of ./scenarios.mjs (the ones ./record-chromium.mjs runs) it:
//
// 1. serves the page on http://app.example.test and the API on
//    http://api.example.test, from one server on port 80;
// 2. starts headless Firefox ESR (tests/lib/firefox.mjs) with `-devtools`,
//    which opens the toolbox on its tab, and the netmonitor's automatic
//    HAR export on: `devtools.netmonitor.har.enableAutoExportToFile`,
//    `defaultLogDir` a directory of this run, `defaultFileName`. The
//    toolbox then runs the netmonitor's `HarAutomation`
//    (devtools/client/netmonitor/src/har/har-automation.js): from each
//    top-level navigation (`will-navigate`) it collects the tab's
//    requests, and once the page is complete (`dom-complete`) and no
//    request has come for `devtools.netmonitor.har.pageLoadedTimeout`
//    (1.5 s), it builds the HAR (`HarExporter.fetchHarData`, what "Save
//    All As HAR" uses) and writes it to that directory itself
//    (`HarUtils.saveToFile`);
// 3. loads http://app.example.test/blank (over WebDriver BiDi) and waits
//    for its HAR, which says the automation is running, then loads the
//    scenario's page and waits for the page's requests to settle and for
//    the second HAR, whose page is the scenario's. That file, as Firefox
//    wrote it, is the fixture.
//
// Each export is written to tests/fixtures/har/firefox-NAME.har. The
// committed ones were recorded with Debian's Firefox ESR 153.8.0. A run
// takes about 40 s; dates and timings differ from one run to the next.
//
// What Firefox's export holds: every request, a preflight after the
// request it is for (as Chromium orders them) and marked by nothing but
// its method and Access-Control-Request-Method; nothing says the browser
// failed a request (no `_error`): a response Firefox blocked for CORS is
// recorded as the server sent it, and a request whose preflight failed has
// status 0 and no headers.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { atExit } from "../lib/browser.mjs";
import { launchFirefox } from "../lib/firefox.mjs";
import { waitFor } from "../lib/wait.mjs";
import { PAGE, recordInNamespace, startServer } from "./scenarios.mjs";


/** The HARs Firefox has written to `dir`, as `[file, page title, text]`. */
function written(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".har"))
    .map((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      try {
        return [f, JSON.parse(text).log.pages[0].title, text];
      } catch {
        return null; // still being written
      }
    })
    .filter(Boolean);
}

/** The HAR text Firefox's netmonitor writes for `scenario`. */
async function record(name, scenario) {
  const server = await startServer(scenario, { port: 80 });
  const dir = mkdtempSync(join(tmpdir(), "corsim-har-firefox-"));
  atExit(() => rmSync(dir, { recursive: true, force: true }));
  const browser = await launchFirefox({
    tag: "corsim-har",
    logFile: `/tmp/corsim-har-firefox-${name}.log`,
    args: ["-devtools"],
    prefs: {
      "devtools.netmonitor.har.enableAutoExportToFile": true,
      "devtools.netmonitor.har.defaultLogDir": dir,
      "devtools.netmonitor.har.defaultFileName": `corsim-${name}`,
      "devtools.toolbox.selectedTool": "netmonitor",
    },
  });
  try {
    const { contexts } = await browser.send("browsingContext.getTree", {});
    // The tab the toolbox was opened on.
    const context = contexts[0].context;
    const open = (url) => browser.send("browsingContext.navigate", { context, url, wait: "complete" });
    const inPage = async (expression) =>
      (await browser.send("script.evaluate", { expression, target: { context }, awaitPromise: true })).result.value;
    // The toolbox opens some time after the first window: until a blank
    // page's own HAR is written, load it again.
    await waitFor(
      async () => {
        await open(`${PAGE}/blank`);
        return waitFor(() => written(dir).length > 0, { what: "a HAR", timeout: 4000 }).catch(() => false);
      },
      { what: "Firefox's automatic HAR export of a blank page", timeout: 40_000 },
    );
    const before = new Set(written(dir).map(([f]) => f));
    await open(`${PAGE}/${name}`);
    const result = await waitFor(
      async () => JSON.parse((await inPage("JSON.stringify(window.__done ?? null)")) ?? "null"),
      { what: `${name}: the page's requests`, timeout: 20_000 },
    );
    console.log(`${name}: the page got ${JSON.stringify(result)}`);
    const [file, , text] = await waitFor(
      () => written(dir).find(([f, title]) => !before.has(f) && title === `${PAGE}/${name}`),
      { what: `${name}: Firefox's HAR of the page`, timeout: 20_000 },
    ).catch((err) => {
      throw new Error(`${err.message} (it wrote ${JSON.stringify(written(dir).map(([f, title]) => [f, title]))})`);
    });
    console.log(`${name}: Firefox wrote ${file}, ${text.length} characters`);
    return text;
  } finally {
    await browser.close();
    server.close();
  }
}

recordInNamespace("firefox", record, { script: import.meta.url });
