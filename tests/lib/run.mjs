// How a browser test runs and ends: its `main` bounded in time, then exit 0
// after cleanup, or its own failure report (`fail`), which exits 1.

import { cleanup } from "./browser.mjs";

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
