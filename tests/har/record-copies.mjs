// Records what Chromium's own DevTools copies from its Network panel, for
// the request and header importers' tests (tests/fixtures/copy/,
// tests/cli/copies.rs).
//
//   node tests/har/record-copies.mjs [--only NAME] [--out DIR]
//
// For each scenario of ./scenarios.mjs it runs the page under Chromium's
// own DevTools frontend (./chromium-devtools.mjs: a server for the page and
// its API, headless Chromium, the bundled frontend attached to the page's
// tab with its Network panel shown, every request finished), then, for
// every request the page made to the API (preflights included), runs what
// the request's context menu runs, the Network panel's own code:
//
// - "Copy as cURL (bash)" and "Copy as cURL (cmd)":
//   `NetworkLogView.copyCurlCommand(request, "unix" | "win")`, which copies
//   `NetworkLogView.generateCurlCommand(request, platform)`;
// - "Copy as fetch": `copyFetchCall(request, 0)` (0: the browser's style,
//   1 being "Copy as fetch (Node.js)"), which copies `generateFetchCall`;
// - "Copy response headers": `NetworkLogView.copyResponseHeaders(request)`,
//   which copies `request.responseHeadersText`, the text the Headers pane's
//   "Raw" view shows (trimmed); like the menu, only when there is one.
//
// Each copies through `InspectorFrontendHost.copyText`, which the script
// answers by keeping the text, byte for byte; nothing is edited afterwards.
// Each text goes to tests/fixtures/copy/chromium-NAME.REQUEST.KIND, REQUEST
// the method and the URL's path (`PUT-items-42`), KIND `curl-bash.txt`,
// `curl-cmd.txt`, `fetch.js` or `headers.txt`. The committed ones were
// recorded with Debian's Chromium 156.0.8078.129 (/usr/bin/chromium),
// whose frontend is the one it bundles. Dates differ from one run to the
// next.

import { inspected } from "./chromium-devtools.mjs";
import { API, recordAll } from "./scenarios.mjs";

/** The texts DevTools copies for `scenario`'s API requests, by file name suffix. */
async function record(name, scenario) {
  return inspected(name, scenario, "corsim-copies", async (frontend) => {
    const copies = await frontend.evaluate(
      `(async () => {
        const Host = await import("./core/host/host.js");
        const Logs = await import("./models/logs/logs.js");
        const Network = await import("./panels/network/network.js");
        const host = Host.InspectorFrontendHost.InspectorFrontendHostInstance;
        const view = Network.NetworkPanel.NetworkPanel.instance().networkLogView;
        const NetworkLogView = Network.NetworkLogView.NetworkLogView;
        const own = host.copyText;
        let copied;
        host.copyText = (text) => (copied = text);
        // What one menu item copies.
        const copy = async (item) => {
          copied = undefined;
          await item();
          if (typeof copied !== "string") throw new Error("nothing copied");
          return copied;
        };
        try {
          const out = [];
          for (const request of Logs.NetworkLog.NetworkLog.instance().requests()) {
            const url = new URL(request.url());
            if (url.origin !== ${JSON.stringify(API)}) continue;
            const id = request.requestMethod + url.pathname.replace(/\\//g, "-");
            out.push([id + ".curl-bash.txt", await copy(() => view.copyCurlCommand(request, "unix"))]);
            out.push([id + ".curl-cmd.txt", await copy(() => view.copyCurlCommand(request, "win"))]);
            out.push([id + ".fetch.js", await copy(() => view.copyFetchCall(request, 0))]);
            if (request.responseHeadersText) {
              out.push([id + ".headers.txt", await copy(() => NetworkLogView.copyResponseHeaders(request))]);
            }
          }
          return out;
        } finally {
          host.copyText = own;
        }
      })()`,
      { awaitPromise: true },
    );
    const texts = {};
    for (const [id, text] of copies) {
      if (`.${id}` in texts) throw new Error(`${name}: two requests named ${id}`);
      texts[`.${id}`] = text;
    }
    console.log(`${name}: DevTools copied ${Object.keys(texts).join(", ")}`);
    return texts;
  });
}

await recordAll("chromium", record, { dir: "copy", ext: "" });
process.exit(0);
