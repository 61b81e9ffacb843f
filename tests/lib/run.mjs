// How a browser test runs and ends: its `main` bounded in time, then exit 0
// after cleanup, or its own failure report (`fail`), which exits 1.

import { cleanup } from "./browser.mjs";
import { atMost } from "./wait.mjs";

/** A check that failed: reported by its message alone, where any other error shows its stack. */
export class Failure extends Error {}

export function check(condition, message) {
  if (!condition) throw new Failure(message);
}

/**
 * Runs `main`; when it resolves, cleans up and exits 0. When it fails, or
 * the whole run takes longer than `timeoutMs`, calls `fail(message)`.
 */
export function runTest(main, { timeoutMs, fail }) {
  setTimeout(() => fail(`the test took longer than ${timeoutMs / 1000} s`), timeoutMs).unref();
  main().then(
    () => {
      cleanup();
      process.exit(0);
    },
    (err) => fail(err instanceof Failure ? err.message : err.stack || String(err)),
  );
}

let reported = false;

/**
 * A suite's failure report, made once however many failures come: the
 * message; what `page` shows (`read(page)`, a promise of a string or a value
 * shown as JSON), and a screenshot of it to `screenshot`; what the pages
 * reported (`problems`); then `logs`, a line saying where the browser's (and
 * any server's) output is. Closes `browser`, cleans up and exits 1. Each
 * step is bounded in time, so that a hung browser cannot hang the report.
 */
export async function reportFailure({ tag, message, page, read, screenshot, problems = [], logs, browser }) {
  if (reported) return;
  reported = true;
  setTimeout(() => process.exit(1), 10_000).unref();
  console.error(`${tag}: FAIL: ${message}`);
  if (page && read) {
    const seen = await atMost(read(page).catch((err) => `(cannot read the page: ${err.message})`), 3000, null);
    if (seen) console.error(`${tag}: the page showed: ${typeof seen === "string" ? seen : JSON.stringify(seen, null, 2)}`);
  }
  if (page) {
    const shot = await atMost(page.screenshot(screenshot).then(() => true, () => false), 5000, null);
    if (shot) console.error(`${tag}: screenshot: ${screenshot}`);
  }
  if (problems.length) console.error(`${tag}: the page reported:\n  ${problems.join("\n  ")}`);
  if (logs) console.error(`${tag}: ${logs}`);
  // A browser quitting by itself leaves no process writing to the profile
  // that cleanup removes; cleanup kills it anyway should it not.
  if (browser) await atMost(Promise.resolve(browser.close?.()), 5000);
  cleanup();
  process.exit(1);
}
