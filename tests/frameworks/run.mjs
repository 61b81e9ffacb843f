// The server-configuration suite: corsim's generated
// configuration, run in the real framework, must make the browser decide
// what the scenario says.
//
// For every golden scenario and preset (and tests/frameworks/scenarios/), and
// every framework:
//
// 1. `corsim config --framework NAME` writes the configuration (exit 3: the
//    framework cannot express the scenario, which is counted, not run);
// 2. the configuration goes into a minimal application, served on loopback;
// 3. the requests the browser sends are sent with curl, with the commands
//    `corsim curl --json` gives (only the URL's scheme becomes http, and
//    `--connect-to` points them at the server);
// 4. a scenario is made of what the server really answered (same page, same
//    request, `server` = the real answers: their CORS headers, `Vary`, and the
//    headers the scenario names; not `Date`, `Server`, `X-Powered-By`...),
//    and `corsim check --json` on it must give the expected verdict: the
//    same outcome, status, readable headers and requests on the wire (a
//    preflight's status only as ok or not: 200 and 204 are both fine); where
//    the script reads the response, the application's own header values must
//    arrive unchanged.
//
// The same verdict for a different reason (the framework refuses with a 403,
// or omits a header where the scenario sends a wrong one; the browser blocks
// both), or a different preflight cache time (a framework that cannot send
// `Access-Control-Max-Age: 0`), is accepted only when the configuration says
// so in a comment. The generated Go and Rust must be gofmt- and rustfmt-clean.
//
//   node tests/frameworks/run.mjs [--only REGEX] [--framework NAME,...] [--verbose] [SCENARIO.json...]
//
// What each framework needs is installed by scripts/ensure-tools.sh; the
// versions are the ones that install here (see tests/frameworks/README.md).
// Contained like the agreement suite: it re-runs itself inside private
// network and PID namespaces, so fixed ports are free and every server it
// starts ends with it. The whole run is bounded by TIMEOUT_MS.

import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { ROOT, TARGET, corsimBin } from "../lib/corsim.mjs";
import { inNamespace, reRunInNamespace } from "../lib/namespace.mjs";
import { casesOf, goldenAndPresets } from "../lib/scenarios.mjs";
import { atMost, until } from "../lib/wait.mjs";

const CORSIM_BUILT = corsimBin();
// A copy, so that a rebuild of target/debug/corsim meanwhile cannot break the run.
let CORSIM = CORSIM_BUILT;
const WORK = join(TARGET, "frameworks");
const VENV = join(WORK, "venv");
const KNOWN = join(ROOT, "tests/frameworks/known_differences.txt");

const FRAMEWORKS = ["express", "flask", "django", "spring", "nginx", "axum", "go"];
const TIMEOUT_MS = 20 * 60_000;
const START_TIMEOUT_MS = 30_000;
const NAMESPACE_ENV = "CORSIM_FRAMEWORKS_NAMESPACE";
const JAVA_CLASSPATH = [
  "spring3-web", "spring3-core", "spring3-beans", "spring3-context", "commons-logging", "servlet-api",
  "jetty9-server", "jetty9-servlet", "jetty9-http", "jetty9-io", "jetty9-util", "jetty9-security",
].map((jar) => `/usr/share/java/${jar}.jar`);
const GOPATH_RS_CORS = "/usr/share/gocode/src/github.com/rs/cors";

const say = (line) => console.log(`frameworks: ${line}`);
const children = new Set();
const die = (line) => {
  console.error(`frameworks: FAIL: ${line}`);
  for (const child of children) child.kill("SIGKILL");
  process.exit(1);
};

// ---- options and cases ------------------------------------------------------------

const USAGE = "usage: node tests/frameworks/run.mjs [--only REGEX] [--framework NAME,...] [--verbose] [SCENARIO.json...]";

function options() {
  const argv = process.argv.slice(2);
  const o = { only: null, frameworks: FRAMEWORKS, verbose: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--only" && i + 1 < argv.length) o.only = new RegExp(argv[++i]);
    else if (arg === "--framework" && i + 1 < argv.length) {
      o.frameworks = argv[++i].split(",");
      for (const f of o.frameworks) if (!FRAMEWORKS.includes(f)) die(`unknown framework ${f}; ${USAGE}`);
    } else if (arg === "--verbose") o.verbose = true;
    else if (!arg.startsWith("-") && existsSync(arg)) o.files.push(resolve(arg));
    else die(`unknown argument or missing file ${arg}; ${USAGE}`);
  }
  return o;
}

function corsim(args, { allow = [0] } = {}) {
  const run = spawnSync(CORSIM, args, { encoding: "utf8", timeout: 30_000 });
  if (!allow.includes(run.status)) {
    die(`corsim ${args.join(" ")}: ${run.error ? run.error.message : `exit ${run.status ?? run.signal}`}: ${run.stderr}`);
  }
  return run;
}

function cases(o) {
  const list = o.files.length
    ? o.files.map((file) => ({ id: `file/${basename(file, ".json")}`, file }))
    : [
        ...goldenAndPresets(),
        // Cases for the generators themselves: hostile values, max-age 0...
        ...casesOf("extra", join(ROOT, "tests/frameworks/scenarios")),
      ];
  return list
    .filter((c) => !o.only || o.only.test(c.id))
    .map((c) => ({
      ...c,
      scenario: JSON.parse(readFileSync(c.file, "utf8")),
      expected: JSON.parse(corsim(["check", "--json", c.file]).stdout),
      curl: JSON.parse(corsim(["curl", "--json", c.file]).stdout),
    }));
}

function knownDifferences() {
  if (!existsSync(KNOWN)) return new Map();
  const known = new Map();
  for (const line of readFileSync(KNOWN, "utf8").split("\n")) {
    const text = line.replace(/#.*/, "").trim();
    if (!text) continue;
    const [key, ...why] = text.split(/\s+/);
    known.set(key, why.join(" "));
  }
  return known;
}

// ---- processes --------------------------------------------------------------------

/** Runs a command to completion; its output, or a failure line. */
function run(command, args, opts = {}) {
  const r = spawnSync(command, args, { encoding: "utf8", timeout: 10 * 60_000, ...opts });
  if (r.error) return { ok: false, out: `${command}: ${r.error.message}` };
  return { ok: r.status === 0, out: `${r.stdout || ""}${r.stderr || ""}`.trim() };
}

/** Starts a server; resolves when `port` accepts connections (or `ready` is printed). */
async function start(command, args, { port, env = {}, cwd, ready } = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let output = "";
  let exited = null;
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  child.on("exit", (code, signal) => {
    exited = code ?? signal;
    children.delete(child);
  });
  child.on("error", (err) => {
    exited = err.message;
  });
  const started = await until(
    async () => {
      if (exited !== null) throw new Error(`${command} exited (${exited}):\n${output.slice(-2000)}`);
      return ready ? output.includes(ready) : accepts(port);
    },
    { timeout: START_TIMEOUT_MS },
  );
  if (started) return { child, output: () => output };
  child.kill("SIGKILL");
  throw new Error(`${command} did not start within ${START_TIMEOUT_MS / 1000} s:\n${output.slice(-2000)}`);
}

function accepts(port) {
  return new Promise((ok) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => {
      socket.destroy();
      ok(true);
    });
    socket.on("error", () => ok(false));
  });
}

/** Starts a server as `start` does, runs `fn` while it is up, then stops it. */
async function withServer(command, args, options, fn) {
  const server = await start(command, args, options);
  try {
    await fn();
  } finally {
    await stop(server);
  }
}

async function stop(server) {
  if (!server || server.child.exitCode !== null) return;
  const gone = new Promise((ok) => server.child.on("exit", ok));
  server.child.kill("SIGTERM");
  await atMost(gone, 3000);
  if (server.child.exitCode === null) server.child.kill("SIGKILL");
}

// ---- the requests -----------------------------------------------------------------

/**
 * Sends one of `corsim curl`'s commands to the server on `port`: the same
 * arguments, the URL's https made http (the servers here speak plain HTTP;
 * Host and Origin stay as they are).
 */
function send(command, port) {
  const args = command.args.map((arg, i) =>
    i > 0 && ["-H", "-X"].includes(command.args[i - 1]) ? arg : arg.replace(/^https:\/\//, "http://"),
  );
  const r = spawnSync("curl", ["-s", "--max-time", "10", "--connect-to", `::127.0.0.1:${port}`, ...args], {
    encoding: "latin1",
    timeout: 20_000,
  });
  if (r.status !== 0) throw new Error(`curl ${args.join(" ")}: exit ${r.status ?? r.signal} ${r.stderr}`);
  return parseResponse(r.stdout);
}

/** The status and headers of curl -i's output. */
function parseResponse(text) {
  // Skip any interim 1xx response.
  let rest = text;
  for (;;) {
    const end = rest.indexOf("\r\n\r\n");
    const head = end < 0 ? rest : rest.slice(0, end);
    const [statusLine, ...lines] = head.split("\r\n");
    const status = Number(statusLine.split(" ")[1]);
    if (status >= 100 && status < 200 && end >= 0) {
      rest = rest.slice(end + 4);
      continue;
    }
    const headers = lines.filter((l) => l.includes(":")).map((l) => {
      const colon = l.indexOf(":");
      return [l.slice(0, colon), l.slice(colon + 1).trim()];
    });
    return { status, headers };
  }
}

/**
 * The scenario of what the server really answered: the scenario's page and
 * request, and as `server` the real answers to the preflight and the request,
 * keeping the CORS headers, `Vary` and any header the scenario's own answers
 * name (a framework's `Date`, `Server`, `ETag`... would only add readable or
 * hidden headers the scenario never had).
 */
function realScenario(c, answers) {
  const named = new Set(
    (c.scenario.server || []).flatMap((entry) => (entry.headers || []).map(([n]) => n.toLowerCase())),
  );
  const keep = ([name]) => {
    const lower = name.toLowerCase();
    return lower.startsWith("access-control-") || lower === "vary" || named.has(lower);
  };
  const server = answers.map(({ kind, status, headers }) => ({
    ...(kind === "preflight" ? { method: "OPTIONS" } : {}),
    status,
    headers: headers.filter(keep),
  }));
  return { ...c.scenario, server };
}

/** As `is_managed` in crates/app/src/server_config/policy.rs: headers the application does not send itself. */
const isManaged = (name) =>
  /^access-control-/i.test(name) ||
  ["vary", "content-length", "transfer-encoding", "connection", "keep-alive", "date"].includes(name.toLowerCase());

// ---- comparing --------------------------------------------------------------------

const ok = (status) => status >= 200 && status < 300;

/**
 * Differences between the expected verdict and the real one, one line each.
 * When the browser blocks the request anyway, the statuses on the wire are
 * compared by `statusNote` instead: a framework may refuse with a 403 where
 * the scenario's server sent wrong headers.
 */
function compare(expected, real) {
  const diffs = [];
  for (const key of ["outcome", "status"]) {
    if (expected[key] !== real[key]) diffs.push(`${key}: expected ${expected[key]}, got ${real[key]}`);
  }
  const exposed = (v) => JSON.stringify(v.exposed_headers);
  if (exposed(expected) !== exposed(real)) diffs.push(`exposed headers: expected ${exposed(expected)}, got ${exposed(real)}`);
  const blocked = expected.outcome === "network-error";
  const wire = (v) =>
    v.wire.map(
      (w) =>
        `${w.kind} ${w.method} ${w.url}${blocked ? "" : ` ${w.kind === "preflight" ? (ok(w.status) ? "2xx" : w.status) : w.status}`}`,
    );
  const [we, wr] = [wire(expected), wire(real)];
  if (we.join("|") !== wr.join("|")) diffs.push(`requests: expected [${we.join("; ")}], got [${wr.join("; ")}]`);
  return diffs;
}

/**
 * The application's own headers (not CORS's, not HTTP's) in the answer to the
 * request, as the scenario's entry has them and as the server sent them: where
 * the script reads them, the values must arrive unchanged (quotes, backslashes
 * and all).
 */
function valueDiffs(c, answers) {
  // Where the script reads nothing, a framework may refuse before the application answers.
  if (c.expected.outcome !== "readable") return [];
  const main = answers.find((a) => a.kind === "main");
  const entry = (c.scenario.server || []).find(
    (e) => !e.method && (!e.url || new URL(e.url).href === new URL(c.scenario.request.url).href),
  );
  if (!main || !entry) return [];
  const values = (headers, name) =>
    headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v.trim()).join(", ");
  const diffs = [];
  for (const name of new Set((entry.headers || []).map(([n]) => n.toLowerCase()))) {
    if (isManaged(name)) continue;
    const [want, got] = [values(entry.headers, name), values(main.headers, name)];
    if (want !== got) diffs.push(`${name}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
  return diffs;
}

/** The statuses on the wire, when they differ in a way the browser cares about. */
function statusNote(expected, real) {
  const statuses = (v) => v.wire.map((w) => (w.kind === "preflight" && ok(w.status) ? "2xx" : w.status)).join(", ");
  return statuses(expected) === statuses(real) ? null : `statuses ${statuses(expected)} expected, got ${statuses(real)}`;
}

/** The failure's kind (and problem), to tell when the same verdict has another reason. */
const reason = (v) => (v.failure ? [v.failure.reason, v.failure.access?.problem].filter(Boolean).join(": ") : "none");

// ---- the frameworks ---------------------------------------------------------------

/**
 * Each framework: whether it can run here (`available` gives the reason it
 * cannot), and how to serve a list of configured cases, calling `check(c,
 * port)` for each while its server runs.
 */
const framework = {
  express: {
    available: () =>
      existsSync(join(ROOT, "node_modules/express")) && existsSync(join(ROOT, "node_modules/cors"))
        ? null
        : "node_modules has no express or cors (npm ci)",
    async serve(list, dir, check) {
      for (const [i, c] of list.entries()) {
        const file = join(dir, `${i}.js`);
        writeFileSync(file, c.config);
        const port = 20000 + i;
        const env = { PORT: String(port), NODE_PATH: join(ROOT, "node_modules") };
        await withServer(process.execPath, [file], { port, env }, () => check(c, port));
      }
    },
  },

  flask: {
    available: () => venvHas("flask_cors"),
    async serve(list, dir, check) {
      for (const [i, c] of list.entries()) {
        const file = join(dir, `app${i}.py`);
        writeFileSync(file, c.config);
        const port = 20000 + i;
        await withServer(join(VENV, "bin/python"), [file], { port, env: { PORT: String(port) } }, () => check(c, port));
      }
    },
  },

  django: {
    available: () => venvHas("corsheaders"),
    async serve(list, dir, check) {
      for (const [i, c] of list.entries()) {
        // One module is the settings and the URLconf; the generated lines go
        // after a minimal settings.py's INSTALLED_APPS and MIDDLEWARE.
        const name = `site${i}`;
        writeFileSync(
          join(dir, `${name}.py`),
          `import os\n\nSECRET_KEY = "corsim-frameworks-test"\nDEBUG = False\nALLOWED_HOSTS = ["*"]\n` +
            `ROOT_URLCONF = __name__\nINSTALLED_APPS = []\nMIDDLEWARE = ["django.middleware.common.CommonMiddleware"]\n\n` +
            `${c.config}\n\nurlpatterns = globals().get("urlpatterns", [])\n\n` +
            `if __name__ == "__main__":\n` +
            `    from wsgiref.simple_server import make_server\n\n` +
            `    os.environ["DJANGO_SETTINGS_MODULE"] = ${JSON.stringify(name)}\n` +
            `    from django.core.wsgi import get_wsgi_application\n\n` +
            `    make_server("127.0.0.1", int(os.environ["PORT"]), get_wsgi_application()).serve_forever()\n`,
        );
        const port = 20000 + i;
        const options = { port, cwd: dir, env: { PORT: String(port) } };
        await withServer(join(VENV, "bin/python"), [join(dir, `${name}.py`)], options, () => check(c, port));
      }
    },
  },

  nginx: {
    available: () => (which("nginx") ? null : "nginx is not installed (apt-get install nginx-light)"),
    async serve(list, dir, check) {
      for (const [i, c] of list.entries()) {
        const prefix = join(dir, String(i));
        mkdirSync(join(prefix, "tmp"), { recursive: true });
        const port = 20000 + i;
        // The generated server block, listening on loopback in plain HTTP.
        const server = c.config
          .replace(/^(\s*)listen [^;]*;/m, `$1listen 127.0.0.1:${port};`)
          .replace(/^\s*# ssl_certificate.*\n/m, "");
        const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
          .map((t) => `    ${t}_temp_path ${join(prefix, "tmp", t)};`)
          .join("\n");
        writeFileSync(
          join(prefix, "nginx.conf"),
          `daemon off;\nmaster_process off;\npid ${join(prefix, "nginx.pid")};\nerror_log ${join(prefix, "error.log")};\n` +
            `events {}\nhttp {\n    access_log off;\n${temp}\n${server}}\n`,
        );
        const args = ["-p", prefix, "-e", join(prefix, "error.log"), "-c", join(prefix, "nginx.conf")];
        const test = run(which("nginx"), ["-t", "-q", ...args]);
        if (!test.ok) throw new Error(`nginx -t: ${test.out}`);
        await withServer(which("nginx"), args, { port }, () => check(c, port));
      }
    },
  },

  go: {
    available: () =>
      !which("go")
        ? "Go is not installed (apt-get install golang-go)"
        : !existsSync(GOPATH_RS_CORS)
          ? "rs/cors is not installed (apt-get install golang-github-rs-cors-dev)"
          : null,
    async serve(list, dir, check) {
      // Debian's rs/cors, in GOPATH mode: the Go module proxy is not reachable here.
      const env = {
        ...process.env,
        GO111MODULE: "off",
        GOPATH: `${join(dir, "gopath")}:/usr/share/gocode`,
        GOCACHE: join(WORK, "go-cache"),
        GOFLAGS: "",
      };
      for (const [i, c] of list.entries()) {
        const src = join(dir, "gopath/src/corsim", String(i));
        mkdirSync(src, { recursive: true });
        writeFileSync(join(src, "main.go"), c.config);
        const fmt = run("gofmt", ["-l", join(src, "main.go")]);
        if (!fmt.ok || fmt.out) c.problems.push(`the generated Go is not gofmt-clean:\n${run("gofmt", ["-d", join(src, "main.go")]).out}`);
        const binary = join(dir, `server${i}`);
        const build = run("go", ["build", "-o", binary, `corsim/${i}`], { env });
        if (!build.ok) throw new Error(`go build: ${build.out}`);
        const port = 20000 + i;
        await withServer(binary, [], { port, env: { PORT: String(port) } }, () => check(c, port));
      }
    },
  },

  spring: {
    available: () =>
      !which("javac")
        ? "no Java compiler"
        : JAVA_CLASSPATH.find((jar) => !existsSync(jar))
          ? `${JAVA_CLASSPATH.find((jar) => !existsSync(jar))} is missing (apt-get install libspring-web-java libjetty9-java)`
          : null,
    async serve(list, dir, check) {
      // One JVM, one Jetty server a case (tests/frameworks/spring/Harness.java).
      const sources = [join(ROOT, "tests/frameworks/spring/Harness.java")];
      const spec = [];
      for (const [i, c] of list.entries()) {
        const configured = /class CorsConfig/.test(c.config);
        if (configured) {
          mkdirSync(join(dir, `s${i}`), { recursive: true });
          writeFileSync(join(dir, `s${i}`, "CorsConfig.java"), `package s${i};\n\n${c.config}`);
          sources.push(join(dir, `s${i}`, "CorsConfig.java"));
        }
        const answer = c.answer;
        spec.push(
          [configured ? `s${i}` : "", String(20000 + i), String(answer ? answer.status : -1), ...(answer ? answer.headers.flat() : [])]
            .map(encodeURIComponent)
            .join("\t"),
        );
      }
      writeFileSync(join(dir, "spec.tsv"), `${spec.join("\n")}\n`);
      const classpath = JAVA_CLASSPATH.join(":");
      const compile = run("javac", ["-nowarn", "-cp", classpath, "-d", join(dir, "classes"), ...sources]);
      if (!compile.ok) throw new Error(`javac: ${compile.out}`);
      const args = ["-cp", `${join(dir, "classes")}:${classpath}`, "Harness", join(dir, "spec.tsv")];
      await withServer("java", args, { ready: "ready" }, async () => {
        for (const [i, c] of list.entries()) await check(c, 20000 + i);
      });
    },
  },

  axum: {
    available: () => (which("cargo") ? null : "no cargo"),
    async serve(list, dir, check) {
      // One binary: each configuration is a module (include!), served on its port.
      const crate = join(WORK, "axum");
      rmSync(join(crate, "src"), { recursive: true, force: true });
      mkdirSync(join(crate, "src"), { recursive: true });
      for (const file of ["Cargo.toml", "Cargo.lock"]) cpSync(join(ROOT, "tests/frameworks/axum", file), join(crate, file));
      const mods = [];
      for (const [i, c] of list.entries()) {
        const file = join(crate, "src", `s${i}.rs`);
        writeFileSync(file, c.config);
        const fmt = run("rustfmt", ["--check", "--edition", "2021", file]);
        if (!fmt.ok) c.problems.push(`the generated Rust is not rustfmt-clean:\n${fmt.out}`);
        mods.push(`#[allow(dead_code)]\nmod s${i} {\n    include!("s${i}.rs");\n}\n`);
      }
      const apps = list.map((_, i) => `        (${20000 + i}, s${i}::app()),\n`).join("");
      writeFileSync(
        join(crate, "src/main.rs"),
        `${mods.join("")}\n#[tokio::main]\nasync fn main() {\n    let apps = vec![\n${apps}    ];\n` +
          `    for (port, app) in apps {\n` +
          `        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();\n` +
          `        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });\n    }\n` +
          `    println!("ready");\n    std::future::pending::<()>().await;\n}\n`,
      );
      const build = run("cargo", ["build", "--quiet", "--offline", "--locked", "--manifest-path", join(crate, "Cargo.toml")], {
        env: { ...process.env, CARGO_TARGET_DIR: TARGET },
      });
      if (!build.ok) throw new Error(`cargo build (axum): ${build.out}`);
      await withServer(join(TARGET, "debug/corsim-frameworks-axum"), [], { ready: "ready" }, async () => {
        for (const [i, c] of list.entries()) await check(c, 20000 + i);
      });
    },
  },
};

function which(command) {
  const r = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

function venvHas(module) {
  if (!existsSync(join(VENV, "bin/python"))) return `no Python environment at ${VENV} (scripts/ensure-tools.sh makes it)`;
  const r = spawnSync(join(VENV, "bin/python"), ["-c", `import ${module}`], { encoding: "utf8" });
  return r.status === 0 ? null : `${module} is not installed in ${VENV}`;
}

// ---- the run ----------------------------------------------------------------------

async function main() {
  const o = options();
  if (!existsSync(CORSIM_BUILT)) die(`${CORSIM_BUILT} is missing: cargo build --bin corsim`);
  mkdirSync(WORK, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "corsim-frameworks-"));
  CORSIM = join(work, "corsim");
  cpSync(CORSIM_BUILT, CORSIM);
  const all = cases(o);
  const known = knownDifferences();
  let failures = 0;
  let agree = 0;
  let unexpectedlyAgree = 0;
  const summary = [];
  for (const name of o.frameworks) {
    const why = framework[name].available();
    if (why) {
      say(`FAIL ${name}: cannot run: ${why}`);
      failures++;
      continue;
    }
    const list = [];
    let unsupported = 0;
    for (const c of all) {
      const r = corsim(["config", "--framework", name, c.file], { allow: [0, 3] });
      if (r.status === 3) {
        unsupported++;
        if (o.verbose) say(`${name} ${c.id}: unsupported: ${r.stderr.trim()}`);
        continue;
      }
      const mainEntry = (c.scenario.server || []).find(
        (e) => !e.method && (!e.url || new URL(e.url).href === new URL(c.scenario.request.url).href),
      );
      list.push({
        ...c,
        config: r.stdout,
        problems: [],
        // For harnesses that play the application (Spring): the request's answer.
        answer: mainEntry
          ? { status: mainEntry.status ?? 200, headers: (mainEntry.headers || []).filter(([n]) => !isManaged(n)) }
          : null,
      });
    }
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    const started = Date.now();
    let agreed = 0;
    let noted = 0;
    const check = async (c, port) => {
      const answers = c.curl.commands.map((command) => ({ kind: command.kind, ...send(command, port) }));
      const realFile = join(dir, `${basename(c.file, ".json")}.real.json`);
      const real = realScenario(c, answers);
      writeFileSync(realFile, JSON.stringify(real, null, 2));
      const verdict = JSON.parse(corsim(["check", "--json", realFile]).stdout);
      const diffs = [...compare(c.expected, verdict), ...valueDiffs(c, answers), ...c.problems];
      const key = `${name}:${c.id}`;
      if (diffs.length === 0) {
        agreed++;
        if (known.has(key)) {
          unexpectedlyAgree++;
          say(`FAIL ${key}: listed in known_differences.txt but agrees now; remove it`);
        }
        const caching = (v) => JSON.stringify(v.preflight_caching);
        const other = [
          reason(c.expected) !== reason(verdict) ? `reason ${reason(c.expected)} expected, got ${reason(verdict)}` : null,
          statusNote(c.expected, verdict),
          caching(c.expected) !== caching(verdict) ? `preflight caching ${caching(c.expected)} expected, got ${caching(verdict)}` : null,
        ].filter(Boolean);
        if (other.length) {
          // The configuration must say so itself: a note that the browser
          // blocks both, or that the framework cannot send max-age 0.
          const text = c.config.replace(/\n\s*(\/\/|#)\s*/g, " ");
          const explained = (line) =>
            line.startsWith("preflight caching")
              ? /sends no `?Access-Control-Max-Age`? for 0/.test(text)
              : /The browser blocks both/.test(text);
          if (other.every(explained)) {
            noted++;
            if (o.verbose) say(`note ${key}: same verdict, ${other.join("; ")}`);
          }
          else {
            failures++;
            say(`FAIL ${key}: same verdict, but ${other.join("; ")}, and the configuration has no note saying so`);
          }
        }
      } else if (known.has(key)) {
        if (o.verbose) say(`known ${key}: ${known.get(key)}`);
        agreed++;
      } else {
        failures++;
        say(`FAIL ${key}:\n    ${diffs.join("\n    ")}\n    answers: ${JSON.stringify(answers)}`);
      }
      if (o.verbose) say(`${key}: ${diffs.length ? "differs" : "agrees"}; answers: ${JSON.stringify(answers)}`);
    };
    try {
      await framework[name].serve(list, dir, check);
    } catch (err) {
      failures++;
      say(`FAIL ${name}: ${err.message}`);
    }
    agree += agreed;
    const line =
      `${name}: ${list.length} configurations run, ${agreed} agree` +
      (noted ? ` (${noted} for another reason, which the configuration notes)` : "") +
      `, ${unsupported} not expressible (${((Date.now() - started) / 1000).toFixed(1)} s)`;
    summary.push(line);
    say(line);
  }
  rmSync(work, { recursive: true, force: true });
  say(`${all.length} scenarios, ${o.frameworks.length} frameworks, ${agree} runs agree`);
  if (failures || unexpectedlyAgree) die(`${failures + unexpectedlyAgree} problems`);
}

if (inNamespace(NAMESPACE_ENV)) {
  main().catch((err) => die(err.stack || String(err)));
} else {
  reRunInNamespace({
    script: fileURLToPath(import.meta.url),
    flag: NAMESPACE_ENV,
    tag: "frameworks",
    timeoutMs: TIMEOUT_MS,
    advice: "Run it as root (as CI does), or allow unprivileged user namespaces.",
  });
}
