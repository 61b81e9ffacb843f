// Records real HAR exports from Chromium's own DevTools, for the HAR
// importer's tests (tests/fixtures/har/chromium-*.har, tests/cli/har.rs).
//
//   node tests/har/record-chromium.mjs [--only NAME] [--out DIR]
//
// For each scenario of ./scenarios.mjs it runs the page under Chromium's
// own DevTools frontend (./chromium-devtools.mjs: a server for the page and
// its API, headless Chromium, the bundled frontend attached to the page's
// tab with its Network panel shown, every request finished), then
// runs the Network panel's own "Export HAR" (`NetworkLogView.exportAll`,
// what the toolbar's download button and its menu call: `{sanitize:
// true}` for "Export HAR (sanitized)", the button, `{sanitize: false}`
// for "Export HAR (with sensitive data)"). DevTools' HAR code
// (models/har/Log.ts and Writer.ts) writes the file through
// `InspectorFrontendHost.save/append/close`. In a tab, that host is
// Chromium's real embedder, which would ask where to save in a native
// dialog that headless Chromium cannot show (the save is cancelled and
// nothing is written), so the script takes the text at that boundary
// instead: it answers `save`, `append` and `close` as the embedder
// does (the `savedURL` and `appendedToURL` events) and keeps what
// DevTools hands over, byte for byte. Nothing is edited afterwards.
//
// Each export is written to tests/fixtures/har/chromium-NAME.har (with
// `-sensitive` for an export with sensitive data). The committed ones were
// recorded with Debian's Chromium 156.0.8078.129 (/usr/bin/chromium), whose
// frontend is the one it bundles. A run takes about 15 s; dates, timings,
// ports and connection ids differ from one run to the next.

import { inspected } from "./chromium-devtools.mjs";
import { recordAll } from "./scenarios.mjs";

/** The HAR texts DevTools writes for `scenario`, by file name suffix. */
async function record(name, scenario) {
  return inspected(name, scenario, "corsim-har", async (frontend) => {
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
  });
}

await recordAll("chromium", record);
process.exit(0);
