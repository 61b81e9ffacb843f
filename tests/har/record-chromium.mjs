// Records real HAR exports from Chromium's own DevTools, for the HAR
// importer's tests (tests/fixtures/har/chromium-*.har, tests/cli/har.rs).
//
//   node tests/har/record-chromium.mjs [--only NAME] [--out DIR]
//
// For each scenario below it:
//
// 1. serves a page on http://app.example.test and an API on
//    http://api.example.test, both from one small server on a loopback
//    port (Chromium's --host-resolver-rules send both names there; the
//    Host header says which answers);
// 2. starts headless Chromium (tests/lib/browser.mjs) with
//    --remote-debugging-port too, opens a blank tab A, and in a second tab
//    the DevTools frontend that Chromium bundles,
//    devtools://devtools/bundled/devtools_app.html?ws=127.0.0.1:PORT/devtools/page/A,
//    attached to A as a remote frontend, with its Network panel shown;
// 3. loads the page in A, which makes its cross-origin requests, and waits
//    until each has settled and the Network panel has them all finished;
// 4. runs the Network panel's own "Export HAR" (`NetworkLogView.exportAll`,
//    what the toolbar's download button and its menu call: `{sanitize:
//    true}` for "Export HAR (sanitized)", the button, `{sanitize: false}`
//    for "Export HAR (with sensitive data)"). DevTools' HAR code
//    (models/har/Log.ts and Writer.ts) writes the file through
//    `InspectorFrontendHost.save/append/close`. In a tab, that host is
//    Chromium's real embedder, which would ask where to save in a native
//    dialog that headless Chromium cannot show (the save is cancelled and
//    nothing is written), so the script takes the text at that boundary
//    instead: it answers `save`, `append` and `close` as the embedder
//    does (the `savedURL` and `appendedToURL` events) and keeps what
//    DevTools hands over, byte for byte. Nothing is edited afterwards.
//
// Each export is written to tests/fixtures/har/chromium-NAME.har (with
// `-sensitive` for an export with sensitive data). The committed ones were
// recorded with Debian's Chromium 156.0.8078.129 (/usr/bin/chromium), whose
// frontend is the one it bundles. A run takes about 15 s; dates, timings,
// ports and connection ids differ from one run to the next.


import { launchChromium } from "../lib/browser.mjs";
import { sleep, waitFor } from "../lib/wait.mjs";
import { PAGE, recordAll, startServer } from "./scenarios.mjs";

/** The HAR texts DevTools writes for `scenario`, by file name suffix. */
async function record(name, scenario) {
  const server = await startServer(scenario);
  const port = server.address().port;
  const browser = launchChromium({
    tag: "corsim-har",
    logFile: `/tmp/corsim-har-${name}.log`,
    args: [
      "--remote-debugging-port=0",
      // The frontend's page is devtools://devtools: without this Chromium
      // refuses its WebSocket.
      "--remote-allow-origins=devtools://devtools",
      `--host-resolver-rules=MAP *.example.test 127.0.0.1:${port}`,
    ],
  });
  try {
    // Chromium says on standard error where it listens.
    const ws = await waitFor(() => /DevTools listening on ws:\/\/([\d.]+:\d+)\//.exec(browser.log())?.[1], {
      what: "Chromium's DevTools port",
    });
    const page = await browser.newPage();
    const frontend = await browser.newPage();
    // Polls an async expression in the frontend until it gives true.
    const inFrontend = (expression, { what, timeout }) =>
      waitFor(() => frontend.evaluate(expression, { awaitPromise: true }), { what, timeout });
    await frontend.navigate(`devtools://devtools/bundled/devtools_app.html?ws=${ws}/devtools/page/${page.targetId}`);
    await inFrontend(
      `(async () => {
        const SDK = await import("./core/sdk/sdk.js");
        const UI = await import("./ui/legacy/legacy.js");
        // exportAll saves nothing without it.
        if (!SDK.TargetManager.TargetManager.instance().scopeTarget()) return false;
        await UI.ViewManager.ViewManager.instance().showView("network");
        const Network = await import("./panels/network/network.js");
        return !!Network.NetworkPanel.NetworkPanel.instance().networkLogView;
      })()`,
      { what: "the DevTools frontend attached, its Network panel shown", timeout: 20_000 },
    );
    await page.navigate(`${PAGE}/${name}`);
    const result = await page.waitFor("window.__done", { what: `${name}: the page's requests`, timeout: 20_000 });
    console.log(`${name}: the page got ${JSON.stringify(result)}`);
    // Until the panel has every request finished (a failed one included).
    await inFrontend(
      `(async () => {
        const Logs = await import("./models/logs/logs.js");
        const requests = Logs.NetworkLog.NetworkLog.instance().requests();
        return requests.length > 1 && requests.every((r) => r.finished);
      })()`,
      { what: `${name}: the Network panel's requests finished` },
    );
    await sleep(200);
    const texts = {};
    for (const [suffix, sanitize] of Object.entries(scenario.exports ?? { "": true })) {
      texts[suffix] = await frontend.evaluate(
        `(async () => {
          const Host = await import("./core/host/host.js");
          const Network = await import("./panels/network/network.js");
          const host = Host.InspectorFrontendHost.InspectorFrontendHostInstance;
          const SavedURL = Host.InspectorFrontendHostAPI.Events.SavedURL;
          const AppendedToURL = Host.InspectorFrontendHostAPI.Events.AppendedToURL;
          const files = new Map();
          let closed;
          const done = new Promise((ok) => (closed = ok));
          const own = { save: host.save, append: host.append, close: host.close };
          host.save = (url, content, forceSaveAs, isBase64) => {
            if (isBase64) throw new Error("a HAR saved as base64");
            files.set(url, [content]);
            host.events.dispatchEventToListeners(SavedURL, { url, fileSystemPath: "/" + url });
          };
          host.append = (url, content) => {
            files.get(url).push(content);
            host.events.dispatchEventToListeners(AppendedToURL, url);
          };
          host.close = (url) => closed([url, files.get(url).join("")]);
          try {
            const view = Network.NetworkPanel.NetworkPanel.instance().networkLogView;
            await view.exportAll({ sanitize: ${sanitize} });
            // exportAll returns once the file is closed, or at once when it saved nothing.
            const [url, text] = await Promise.race([done, new Promise((ok) => setTimeout(ok, 1000, []))]);
            if (text === undefined) throw new Error("exportAll saved nothing");
            return { url, text };
          } finally {
            Object.assign(host, own);
          }
        })()`,
        { awaitPromise: true },
      );
      const { url, text } = texts[suffix];
      console.log(`${name}${suffix}: DevTools saved ${url}, ${text.length} characters`);
      texts[suffix] = text;
    }
    return texts;
  } finally {
    await browser.close();
    server.close();
  }
}

await recordAll("chromium", record);
process.exit(0);
