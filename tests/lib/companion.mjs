// `corsim serve`, the companion that live mode and the agreement suite run
// scenarios against, started for a suite and stopped with it.

import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";

import { atExit } from "./browser.mjs";
import { atMost, withTimeout } from "./wait.mjs";

/**
 * Starts `corsim serve` (the CLI `corsim`) on `httpPort` and `httpsPort` (0:
 * free ones it picks), its local CA in `certDir`, serving the app from
 * `dist`; resolves once it listens, to `{ origin, stop }`, `origin` being
 * its http origin. At exit it is killed and what it printed is written to
 * `logFile`.
 */
export async function startCompanion({ corsim, httpPort, httpsPort, certDir, dist, logFile }) {
  const server = spawn(
    corsim,
    ["serve", "--http-port", String(httpPort), "--https-port", String(httpsPort), "--cert-dir", certDir, "--dist", dist],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise((ok) => server.once("exit", ok));
  let out = "";
  let err = "";
  server.stderr.on("data", (d) => (err += d));
  atExit(() => {
    server.kill("SIGKILL");
    writeFileSync(logFile, out + err);
  });
  const listening = new Promise((ok, ko) => {
    server.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+) \(http\)/.exec(out);
      if (m) ok(m[1]);
    });
    server.once("exit", (code, signal) => ko(new Error(`corsim serve exited (${code ?? signal}): ${err.trim()}`)));
    server.once("error", ko);
  });
  const origin = await withTimeout(listening, 10_000, "corsim serve did not start in 10 s");
  return {
    origin,
    /** Stops it and waits, at most 3 s, so that it removes its temporary pages. */
    async stop() {
      server.kill("SIGTERM");
      await atMost(exited, 3000);
    },
  };
}
