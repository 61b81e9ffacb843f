// Waiting, with a bound: the suites wait for a page to show something, a
// server to listen, a console to fall quiet or a process to end, and none of
// these may hang a run.

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/**
 * Calls `probe` (which may be async) every `interval` ms until it gives a
 * truthy value, and returns that value; gives `null` once `timeout` ms have
 * passed. The first call is at once. An error from `probe` ends the wait:
 * `waitFor` is the one that counts it as "not yet".
 */
export async function until(probe, { timeout, interval = 50 }) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) return null;
    await sleep(interval);
  }
}

/**
 * As `until`, but a probe that throws counts as not yet (a page's script
 * fails while the document loads), and a timeout is an error naming `what`
 * and the probe's last error, if it was still failing.
 */
export async function waitFor(probe, { timeout = 10_000, interval = 50, what }) {
  let lastError = null;
  const value = await until(
    async () => {
      try {
        const result = await probe();
        lastError = null;
        return result;
      } catch (err) {
        lastError = err;
        return null;
      }
    },
    { timeout, interval },
  );
  if (value) return value;
  const why = lastError ? ` (last error: ${lastError.message})` : "";
  throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}${why}`);
}

/** `promise`, or a rejection with `error` (an Error, or its message) should it take longer than `ms`. */
export function withTimeout(promise, ms, error) {
  const timedOut = () => Promise.reject(error instanceof Error ? error : new Error(error));
  return Promise.race([promise, sleep(ms).then(timedOut)]);
}

/**
 * `promise`, or `otherwise` should it take longer than `ms`: for what is
 * worth a moment but must not hold up the rest, such as a process that
 * should end by itself or a failure report's screenshot.
 */
export function atMost(promise, ms, otherwise = undefined) {
  return Promise.race([promise, sleep(ms).then(() => otherwise)]);
}
