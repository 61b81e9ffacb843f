// Chromium's own DevTools frontend attached to a page that ran a scenario
// (./scenarios.mjs), for the recorders that take what the frontend itself
// writes: ./record-chromium.mjs (its HAR exports) and ./record-copies.mjs
// (its "Copy as cURL", "Copy as fetch" and the raw response headers).
//
// `inspected` serves the scenario's page on http://app.example.test and its
// API on http://api.example.test from one small server on a loopback port
// (Chromium's --host-resolver-rules send both names there; the Host header
// says which answers); starts headless Chromium (tests/lib/browser.mjs) with
// --remote-debugging-port too, opens a blank tab A, and in a second tab the
// DevTools frontend that Chromium bundles,
// devtools://devtools/bundled/devtools_app.html?ws=127.0.0.1:PORT/devtools/page/A,
// attached to A as a remote frontend, with its Network panel shown; loads
// the page in A, which makes its cross-origin requests, waits until each
// has settled and the Network panel has them all finished, and then hands
// the frontend's tab to `use`.

import { launchChromium } from "../lib/browser.mjs";
import { sleep, waitFor } from "../lib/wait.mjs";
import { PAGE, startServer } from "./scenarios.mjs";

/** What `use(frontend)` gives once `scenario`'s page has run under DevTools. */
export async function inspected(name, scenario, tag, use) {
  const server = await startServer(scenario);
  const port = server.address().port;
  const browser = launchChromium({
    tag,
    logFile: `/tmp/${tag}-${name}.log`,
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
    return await use(frontend);
  } finally {
    await browser.close();
    server.close();
  }
}
