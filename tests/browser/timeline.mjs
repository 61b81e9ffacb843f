// End-to-end test of the page's timeline (scenario version 2) in the built
// web app, in real headless Chromium, driven as tests/browser/e2e.mjs drives
// the app: real clicks, no npm package.
//
//   node tests/browser/timeline.mjs DIST
//
// 1. On the default scenario, the learner opens "The page's requests over
//    time" and adds a request: the same DELETE a second later. The diagram
//    of the page's requests shows the second preflight skipped because the
//    first was cached, each request has Chromium's, Firefox's and Safari's
//    result, and the address holds a link of format 2 under 500 characters.
//    Then the second request is made by an <img>: the editors show only an
//    image's fields, and its results are an image's.
// 2. A version-2 link made by `corsim link` (the cached-image trap) opens
//    with the image and the fetch, the fetch answered from the HTTP cache
//    and failing with Chromium's console line.
//
// Each step prints one `timeline: ok: …` line; a failure prints
// `timeline: FAIL: step N: …`, saves a screenshot to
// $TMPDIR/corsim-timeline-fail.png and exits 1.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { launchChromium, serveStatic } from "../lib/browser.mjs";
import { ROOT, corsimCommand } from "../lib/corsim.mjs";
import { check, reportFailure, runTest } from "../lib/run.mjs";

const TIMEOUT_MS = 90_000;
const SCREENSHOT = join(tmpdir(), "corsim-timeline-fail.png");
const CHROMIUM_LOG = join(tmpdir(), "corsim-timeline-chromium.log");

const [dist] = process.argv.slice(2);
if (!dist) {
  console.error("usage: node tests/browser/timeline.mjs DIST");
  process.exit(2);
}

let step = 0;
let browser = null;
let current = null;

/** Reports the failure with a screenshot of the page, then exits 1. */
function fail(message) {
  return reportFailure({
    tag: "timeline",
    message: `step ${step}: ${message}`,
    page: current,
    screenshot: SCREENSHOT,
    problems: current?.problems,
    logs: browser && `Chromium's own output is in ${CHROMIUM_LOG}`,
    browser,
  });
}

/** What the timeline's results show: each request's title and each browser's result. */
const RESULTS = `(() => {
  const section = document.getElementById("timeline-results");
  if (!section) return null;
  return {
    steps: [...section.querySelectorAll(".diagram-steps li")].map((li) => li.textContent),
    requests: [...section.querySelectorAll(".timeline-request")].map((r) => ({
      title: r.querySelector("h3")?.textContent ?? "",
      browsers: [...r.querySelectorAll(".timeline-browser")].map((b) => ({
        name: b.querySelector("h4")?.textContent ?? "",
        cache: b.querySelector(".timeline-cache")?.textContent ?? "",
        text: b.textContent,
      })),
    })),
  };
})()`;

/** The link `corsim link` makes for a scenario file, as a fragment. */
function linkOf(file) {
  const [cmd, args] = corsimCommand();
  const run = spawnSync(cmd, [...args, "link", "--base", "x", file], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  check(run.status === 0, `corsim link ${file} failed (exit ${run.status ?? run.signal}):\n${run.stderr}`);
  return run.stdout.trim().replace(/^x#/, "");
}

async function main() {
  check(existsSync(join(dist, "index.html")), `${dist}/index.html is missing: build the app first (trunk build)`);
  const origin = await serveStatic(dist);
  browser = launchChromium({ logFile: CHROMIUM_LOG, tag: "corsim-timeline" });

  // 1. Two requests built in the app.
  step = 1;
  const page = await browser.newPage({ width: 1280, height: 900 });
  current = page;
  // A scenario whose request is preflighted (the app opens with a plain GET).
  await page.navigate(`${origin}/#${linkOf("crates/app/src/presets/default.json")}`);
  await page.waitFor(`document.getElementById("outcome")`, { what: "the preflighted scenario's verdict" });
  check((await page.evaluate(`document.getElementById("timeline-results")`)) === null, "a scenario of one fetch() shows the timeline's results");
  await page.click("#timeline-editor summary");
  // Its fields are drawn once it is open.
  await page.waitFor(`document.getElementById("timeline-add")`, { what: "the opened editor of the page's requests" });
  await page.click("#timeline-add");
  await page.waitFor(`document.querySelectorAll("#timeline-requests li").length === 2`, { what: "a second request in the list" });
  const seen = await page.waitFor(`(() => { const r = ${RESULTS}; return r && r.requests.length === 2 && r.steps.length ? r : null; })()`, {
    what: "the results of both requests",
  });
  const skipped = seen.steps.findIndex((s) => s.startsWith("Preflight skipped: cached"));
  const second = seen.steps.findIndex((s) => s.startsWith("Request 2"));
  check(second > 0 && skipped > second, `the diagram does not show request 2's preflight skipped:\n  ${seen.steps.join("\n  ")}`);
  check(seen.steps.filter((s) => s.includes("preflight request")).length === 1, `one preflight should be sent:\n  ${seen.steps.join("\n  ")}`);
  for (const request of seen.requests) {
    const names = request.browsers.map((b) => b.name.split(":")[0]);
    check(names.join() === "Chromium,Firefox,Safari", `${request.title}: the browsers are ${names.join(", ")}`);
  }
  const chromium2 = seen.requests[1].browsers[0];
  check(chromium2.cache.includes("preflight skipped"), `request 2 in Chromium: ${JSON.stringify(chromium2)}`);
  // The address bar is written when the browser is next idle.
  const address = await page.waitFor(`location.hash.startsWith("#v=2&") && location.hash`, { what: "the address bar to hold the two requests" }).catch(() =>
    page.evaluate("location.hash"),
  );
  check(address.startsWith("#v=2&"), `the address holds ${address.slice(0, 40)}…, not a link of format 2`);
  const link = `${origin}/${address}`;
  check(link.length < 500, `the two-request link is ${link.length} characters: ${link}`);
  // The second request made by an image instead: only an image's fields.
  await page.evaluate(`(() => {
    const select = document.getElementById("initiator");
    select.value = "img";
    select.dispatchEvent(new Event("change", { bubbles: true }));
  })()`);
  await page.waitFor(
    `!document.getElementById("method") && !document.getElementById("mode") && !document.getElementById("body") && document.getElementById("crossorigin")`,
    { what: "the fields of an image: crossorigin, and no method, headers, modes or body" },
  );
  const image = await page.waitFor(`(() => { const r = ${RESULTS}; return r && r.requests[1]?.title.includes("<img>") ? r : null; })()`, {
    what: "request 2's results as an image's",
  });
  const imageSees = image.requests[1].browsers[0].text;
  check(/image/.test(imageSees), `request 2 as an image in Chromium: ${imageSees}`);
  check(page.problems.length === 0, `the page reported errors:\n  ${page.problems.join("\n  ")}`);
  console.log(`timeline: ok: 1. two requests built in the app: the second's preflight is skipped as cached, each request has the three browsers' results, the link is ${link.length} characters; made by an <img>, the second shows only an image's fields and results`);

  // 2. A version-2 link opens.
  step = 2;
  const fragment = linkOf("tests/golden-v2/error-cached-image-answers-a-credentialed-fetch.json");
  const other = await browser.newPage({ width: 390, height: 844 });
  current = other;
  await other.navigate(`${origin}/#${fragment}`);
  const opened = await other.waitFor(`(() => { const r = ${RESULTS}; return r && r.requests.length === 2 ? r : null; })()`, {
    what: "the link's two requests",
  });
  check(opened.requests[0].title.includes("<img>"), `request 1 is ${opened.requests[0].title}`);
  const fetch2 = opened.requests[1].browsers[0];
  check(fetch2.cache.includes("from the HTTP cache"), `request 2 in Chromium: ${JSON.stringify(fetch2)}`);
  check(fetch2.text.includes("Access to fetch at 'https://cdn.example.net/logo.png'"), `request 2 in Chromium has no console line: ${fetch2.text}`);
  check(opened.steps.some((s) => s.startsWith("From the HTTP cache")), `the diagram does not show the cached response:\n  ${opened.steps.join("\n  ")}`);
  check((await other.evaluate(`document.getElementById("notice")`)) === null, "the link opened with a notice");
  const wide = await other.evaluate("document.documentElement.scrollWidth > innerWidth");
  check(!wide, "on a phone, the page is wider than the screen");
  check(other.problems.length === 0, `the page reported errors:\n  ${other.problems.join("\n  ")}`);
  console.log("timeline: ok: 2. a version-2 link (the cached-image trap) opens on a phone: the image, then the fetch answered from the HTTP cache and blocked, with Chromium's console line");

  step = 0;
  await browser.close();
}

runTest(main, { timeoutMs: TIMEOUT_MS, fail });
