// Hostile links in the built app, in real headless Chromium:
// every link in tests/hostile/links.txt, the link of every valid scenario
// file in tests/hostile/, and links too big to keep in a file (a megabyte
// title, thousands of headers and of redirects). For each one:
//
// - nothing from the link runs or becomes live HTML: `window.__pwned`, which
//   every payload tries to set, stays undefined; no <img>, no <iframe>, no
//   second <script>, no `on…` attribute, no `javascript:` link appears;
// - the page reports no uncaught exception, console error or
//   Content-Security-Policy violation;
// - the app renders: the linked scenario, or "This link could not be
//   opened: …" and the default scenario, as links.txt says;
// - the app stays usable: a page URL typed in afterwards changes the verdict;
// - it renders within a generous bound (LOAD_MS): the real bound on work is
//   the scenario format's (tests/cli/hostile.rs says which).
//
// It first checks the built index.html: its Content-Security-Policy is
// strict (no 'unsafe-inline', no 'unsafe-eval', no third-party origin) and
// every inline script, if any, is allowed by hash.
//
//   node tests/browser/hostile.mjs DIST
//
// The CLI ($CORSIM_BIN, else target/debug/corsim, else `cargo run`) makes the
// files' links. One line per link; `hostile: FAIL: …` and exit 1 on failure.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { cleanup, launchChromium, serveStatic } from "../lib/browser.mjs";
import { ROOT, corsimCommand } from "../lib/corsim.mjs";
import { runTest } from "../lib/run.mjs";

const HOSTILE = join(ROOT, "tests/hostile");
const TIMEOUT_MS = 15 * 60_000;
// From navigation to a rendered verdict, for one link, on a loaded 2-core
// machine: a normal link renders in well under a second.
const LOAD_MS = 30_000;
const CHROMIUM_LOG = join(tmpdir(), "corsim-hostile-chromium.log");

const [distArg] = process.argv.slice(2);
if (!distArg) {
  console.error("usage: node tests/browser/hostile.mjs DIST");
  process.exit(2);
}

let browser = null;
function fail(message) {
  console.error(`hostile: FAIL: ${message}`);
  if (browser) console.error(`hostile: Chromium's own output is in ${CHROMIUM_LOG}`);
  cleanup();
  process.exit(1);
}

// ---- the links -------------------------------------------------------------------

/** links.txt: [{ what, fragment, notice }], `notice` null when it must open. */
function listedLinks() {
  const entries = [];
  let link = null;
  readFileSync(join(HOSTILE, "links.txt"), "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim() || line.startsWith("#")) return;
      const colon = line.indexOf(":");
      const [field, value] = colon === -1 ? [line, ""] : [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, "")];
      if (field === "link" && !link) link = { line: i + 1, fragment: value };
      else if (field === "opens" && link) entries.push({ what: `links.txt:${link.line}`, fragment: link.fragment, notice: null }), (link = null);
      else if (field === "notice" && link) entries.push({ what: `links.txt:${link.line}`, fragment: link.fragment, notice: value }), (link = null);
      else fail(`links.txt:${i + 1}: unexpected ${JSON.stringify(line)}`);
    });
  return entries;
}

/** The link of every scenario file in tests/hostile/ that expected.txt says is valid. */
function fileLinks() {
  const valid = readFileSync(join(HOSTILE, "expected.txt"), "utf8")
    .split("\n")
    .filter((l) => / verdict /.test(l) && !l.startsWith("#"))
    .map((l) => l.split(": ")[0]);
  const [cmd, pre] = corsimCommand();
  return valid.map((file) => {
    const run = spawnSync(cmd, [...pre, "link", "--base", "x", join(HOSTILE, file)], { cwd: ROOT, encoding: "utf8" });
    if (run.status !== 0) fail(`corsim link ${file}: ${run.stderr}`);
    return { what: `${file}'s link`, fragment: run.stdout.trim().replace(/^x#/, ""), notice: null };
  });
}

/** Links too big for a file. (A link over 2 MB is not tried: Chromium itself refuses a URL that long.) */
function bigLinks() {
  const base = "v=1&p=https://app.example.com/&u=https://api.example.com/";
  const mb = 1 << 20;
  return [
    {
      what: "a 1 MB title of <img onerror> payloads",
      fragment: `v=1&t=${"%3Cimg+src=x+onerror=window.__pwned=1%3E".repeat(mb / 40)}&p=https://a.example/&u=https://b.example/&end`,
      notice: null,
      payload: true,
    },
    { what: "10,000 headers", fragment: `${base}${"&h=X-A:1".repeat(10_000)}&end`, notice: "`h=` at character" },
    { what: "10,000 redirect hops", fragment: `${base}${"&s=302&h=~lo:~u&h=~ao:*".repeat(10_000)}&end`, notice: "`s=` at character" },
    {
      what: "100 responses of 100 headers",
      fragment: `${base}${`&s=200${"&h=X-A:1".repeat(100)}`.repeat(100)}&end`,
      notice: "`h=` at character 4095 is one too many: a scenario holds at most 500 headers in all",
    },
    {
      // What the app draws at most: 500 header rows (each with a problem), 100 responses.
      what: "as much as a link may hold",
      fragment: `${base}${"&h=X-Bad%20Name:v".repeat(100)}${`&s=302&h=~lo:~u${"&h=X-Bad%20Name:v".repeat(3)}`.repeat(100)}&end`,
      notice: null,
    },
    { what: "a hundred redirects to itself", fragment: `${base}${"&s=302&h=~lo:~u&h=~ao:*".repeat(100)}&end`, notice: null },
  ];
}

// ---- the built page's policy ---------------------------------------------------------

/** The Content-Security-Policy of DIST/index.html, checked; returns a summary. */
function checkPolicy(dist) {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const metas = [...html.matchAll(/<meta\b[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>/gi)];
  if (metas.length !== 1) fail(`index.html has ${metas.length} Content-Security-Policy <meta>s, want 1`);
  const content = /content=("([^"]*)"|'([^']*)')/i.exec(metas[0][0]);
  if (!content) fail(`the Content-Security-Policy <meta> has no content: ${metas[0][0]}`);
  const policy = new Map(
    (content[2] ?? content[3])
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
  const want = {
    "default-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "style-src": ["'self'"],
    "connect-src": ["'self'"],
  };
  for (const [name, values] of Object.entries(want)) {
    if (JSON.stringify(policy.get(name)) !== JSON.stringify(values)) {
      fail(`the policy's ${name} is ${JSON.stringify(policy.get(name))}, want ${JSON.stringify(values)}`);
    }
  }
  const scripts = policy.get("script-src") ?? [];
  const hashes = scripts.filter((v) => /^'sha(256|384|512)-/.test(v));
  const others = scripts.filter((v) => !hashes.includes(v));
  if (JSON.stringify(others) !== JSON.stringify(["'self'", "'wasm-unsafe-eval'"])) {
    fail(`script-src allows ${JSON.stringify(others)} beyond hashes; want only 'self' and 'wasm-unsafe-eval'`);
  }
  // Nothing from another origin, anywhere: only 'self', 'none', data: images and
  // live mode's *.localhost frames.
  for (const [name, values] of policy) {
    for (const v of values) {
      const allowed = /^'(self|none|wasm-unsafe-eval|sha(256|384|512)-[A-Za-z0-9+/=]+)'$/.test(v) ||
        (name === "img-src" && v === "data:") ||
        (name === "frame-src" && v === "http://*.localhost:*");
      if (!allowed) fail(`the policy's ${name} allows ${v}`);
    }
  }
  // Every inline script must be allowed by one of the hashes, and every hash
  // must be used: a hash left over from another build allows who knows what.
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(([, attrs]) => !/\bsrc=/i.test(attrs));
  const used = new Set();
  for (const [, , body] of inline) {
    const hash = `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`;
    if (!hashes.includes(hash)) fail(`index.html has an inline script the policy does not allow (${hash}):\n${body.slice(0, 300)}`);
    used.add(hash);
  }
  const unused = hashes.filter((h) => !used.has(h));
  if (unused.length) fail(`the policy allows script hashes no inline script has: ${unused.join(" ")}`);
  return `${inline.length} inline scripts, script-src ${scripts.join(" ")}`;
}

// ---- in the browser --------------------------------------------------------------------

// Before any of the page's own scripts: collect what the policy refused.
const WATCH = `
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || "")));
`;

const RENDERED = `document.getElementById("outcome") || document.getElementById("errors")`;

// What must never be in the page, whatever the link: returns what is.
const LIVE_HTML = `(() => {
  const found = [];
  if (window.__pwned !== undefined) found.push("window.__pwned is " + String(window.__pwned));
  for (const el of document.querySelectorAll("img, iframe, object, embed, frame, marquee")) found.push("<" + el.localName + ">");
  // A link's <b>bold</b>: the app may use <b> itself, never with that text.
  for (const el of document.querySelectorAll("b")) if (el.textContent === "bold") found.push("<b>bold</b>");
  const scripts = document.querySelectorAll("script");
  if (scripts.length !== 1) found.push(scripts.length + " <script>s, want only the loader");
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push("<" + el.localName + " " + attr.name + ">");
    }
  }
  for (const a of document.querySelectorAll("a[href]")) {
    if (!/^https:\\/\\/|^#/.test(a.getAttribute("href"))) found.push("<a href=" + JSON.stringify(a.getAttribute("href").slice(0, 80)) + ">");
  }
  if (window.__cspViolations.length) found.push("CSP violations: " + window.__cspViolations.join("; "));
  return found;
})()`;

async function openLink(origin, { what, fragment, notice, payload }) {
  const page = await browser.newPage({ width: 1280, height: 720 });
  await page.runOnNewDocument(WATCH);
  const started = Date.now();
  await page.navigate(`${origin}/#${fragment}`);
  // A course opens on its first exercise, the verdict hidden until revealed.
  await page.waitFor(`${RENDERED} || document.getElementById("exercise")`, { timeout: LOAD_MS, what: `${what} to render` });
  await page.settled();
  const loadMs = Date.now() - started;
  if (await page.evaluate(`document.getElementById("reveal") !== null`)) {
    await page.click("#reveal");
    await page.waitFor(RENDERED, { what: `${what}: the exercise's verdict to be revealed` });
    await page.settled();
  }
  // The verdict's JSON comes from the worker once its panel is open.
  await page.evaluate(`document.getElementById("json")?.setAttribute("open", "")`);
  await page.waitFor(`!document.getElementById("json") || document.getElementById("verdict") !== null || document.getElementById("verdict-none") !== null`, { what: `${what}: the verdict's JSON` });
  const shown = await page.evaluate(`({
    notice: document.getElementById("notice")?.textContent ?? null,
    text: [document.body.innerText, document.getElementById("title")?.value, document.title].join(" "),
    verdict: document.getElementById("verdict")?.textContent ?? null,
  })`);
  if (notice === null && shown.notice !== null) fail(`${what}: want it opened, got the notice ${shown.notice.slice(0, 300)}`);
  if (notice !== null) {
    const want = `This link could not be opened: ${notice}`;
    if (!shown.notice?.startsWith(want)) fail(`${what}: want the notice ${JSON.stringify(want)}…, got ${JSON.stringify(shown.notice?.slice(0, 300))}`);
  }
  // A payload the link carries is shown, as text.
  if (payload && !shown.text.includes("<img src=x onerror=window.__pwned=1>")) {
    fail(`${what}: the title's payload is not shown as text`);
  }
  let found = await page.evaluate(LIVE_HTML);
  if (found.length) fail(`${what}: the page holds what the link must not make live:\n  ${found.join("\n  ")}`);

  // Still usable: a new page URL changes what the app shows.
  const field = await page.evaluate(`(() => {
    const el = document.getElementById("page-url");
    if (!el) return false;
    el.scrollIntoView({ block: "center" });
    el.focus();
    el.select();
    return document.activeElement === el;
  })()`);
  if (!field) fail(`${what}: #page-url is missing or cannot take the focus`);
  if (shown.verdict !== null) {
    for (const ch of "https://usable.example/") await page.send("Input.insertText", { text: ch });
    await page.waitFor(`JSON.parse(document.getElementById("verdict")?.textContent ?? "{}").origin === "https://usable.example"`, {
      what: `${what}: the verdict to follow a new page URL`,
    });
  } else {
    for (const ch of "not a url") await page.send("Input.insertText", { text: ch });
    await page.waitFor(`document.getElementById("errors")?.innerText.includes('"not a url"')`, {
      what: `${what}: the list of problems to follow a new page URL`,
    });
  }
  found = await page.evaluate(LIVE_HTML);
  if (found.length) fail(`${what}: after editing, the page holds:\n  ${found.join("\n  ")}`);
  if (page.problems.length) fail(`${what}: the page reported:\n  ${page.problems.join("\n  ")}`);
  await page.close();
  return loadMs;
}

async function main() {
  const started = Date.now();
  if (!existsSync(join(distArg, "index.html"))) fail(`${distArg}/index.html is missing: build the app first (trunk build)`);
  console.log(`hostile: ok: the built page's policy: ${checkPolicy(distArg)}`);
  const links = [...listedLinks(), ...fileLinks(), ...bigLinks()];
  const origin = await serveStatic(distArg);
  browser = launchChromium({ logFile: CHROMIUM_LOG, tag: "corsim-hostile" });
  let slowest = { ms: 0, what: "" };
  for (const link of links) {
    const ms = await openLink(origin, link);
    if (ms > slowest.ms) slowest = { ms, what: link.what };
    const size = link.fragment.length > 2000 ? ` (${Math.round(link.fragment.length / 1000)} kB)` : "";
    console.log(`hostile: ok: ${link.what}${size}: ${link.notice === null ? "opened" : "refused with its notice"} in ${ms} ms, nothing live, still usable`);
  }
  await browser.close();
  console.log(
    `hostile: ok: all ${links.length} links in ${((Date.now() - started) / 1000).toFixed(1)} s; slowest ${slowest.what} (${slowest.ms} ms)`,
  );
}

runTest(main, { timeoutMs: TIMEOUT_MS, fail });

