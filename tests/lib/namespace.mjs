// Running a suite contained: inside private network and PID namespaces
// (`unshare --net --pid`), so that fixed ports (80 and 443, 20000 and up) are
// free whatever else the machine runs, no packet can leave loopback, and
// when the run ends or is killed every process it started ends with it.
//
// A suite calls `inNamespace(FLAG)` to learn which side it is on: outside,
// `reRunInNamespace` runs the same script again inside, with FLAG set in its
// environment, and exits as it does.

import { spawn, spawnSync } from "node:child_process";

// As root (CI) the namespaces come directly; anyone else may get them inside
// a user namespace of their own, where they are root. `--kill-child` makes
// the inner script die with `unshare`; the inner script is the PID
// namespace's first process, and when it ends the kernel ends every other
// process in the namespace.
const TRIES = [
  ["--net", "--pid", "--fork", "--kill-child"],
  ["--user", "--map-root-user", "--net", "--pid", "--fork", "--kill-child"],
];

/** Whether this process is the one `reRunInNamespace` started. */
export const inNamespace = (flag) => Boolean(process.env[flag]);

/**
 * Runs `script` (this suite) again inside the namespaces, with this
 * process's arguments, and exits as it does; lines it prints itself start
 * with `tag`. The run is killed after `timeoutMs`. Ctrl-C reaches the inner
 * script too: after `interruptGraceMs` (time for it to clean up and exit)
 * the namespace is ended; any other signal ends it, and all in it, at once.
 * `advice` says how to make the namespaces possible when neither way works.
 * `more` adds namespaces, such as `--mount` for a suite that mounts its own
 * /etc/hosts.
 */
export function reRunInNamespace({ script, flag, tag, timeoutMs, interruptGraceMs = 0, advice, more = [] }) {
  const fail = (line) => {
    console.error(`${tag}: FAIL: ${line}`);
    process.exit(1);
  };
  const failed = [];
  const namespaces = TRIES.map((flags) => [...flags, ...more]).find((flags) => {
    const probe = spawnSync("unshare", [...flags, "--", "true"], { encoding: "utf8" });
    if (!probe.error && probe.status === 0) return true;
    failed.push(`unshare ${flags.join(" ")}: ${probe.error ? probe.error.message : (probe.stderr || "").trim()}`);
    return false;
  });
  if (!namespaces) fail(`cannot make a private network namespace (${failed.join("; ")}). ${advice}`);
  const loopback =
    `ip link set lo up || { echo "${tag}: FAIL: cannot bring up the loopback interface (ip link set lo up, from iproute2)" >&2; exit 1; }; ` +
    'exec "$@"';
  const child = spawn(
    "unshare",
    [...namespaces, "--", "sh", "-c", loopback, "sh", process.execPath, script, ...process.argv.slice(2)],
    { stdio: "inherit", env: { ...process.env, [flag]: "1" } },
  );
  const timer = setTimeout(() => {
    console.error(`${tag}: FAIL: the suite took longer than ${timeoutMs / 1000} s; stopped it`);
    child.kill("SIGKILL");
  }, timeoutMs);
  process.on("SIGINT", () => setTimeout(() => child.kill("SIGKILL"), interruptGraceMs).unref());
  for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill("SIGKILL"));
  child.on("error", (err) => fail(`cannot run unshare: ${err.message}`));
  child.on("exit", (code, signal) => {
    clearTimeout(timer);
    process.exit(code ?? (signal ? 1 : 0));
  });
}
