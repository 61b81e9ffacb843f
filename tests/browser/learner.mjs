// The learner's path, end to end, in real headless Chromium or (with
// `--browser firefox`) real headless Firefox ESR, at a laptop's 1440×900, a
// phone's 390×844 and a projector's 853×480 (1280×720 at 150 %):
//
// - the first screen: what corsim is, "Start here" and "Debug my error" side
//   by side, a plain GET that works, one picker of lessons and examples,
//   each choice showing what it opened; old links open as before;
// - the field being edited and the verdict on screen together; the flow
//   diagram within the width; the results in the order learners need them;
//   "Run it for real" a quiet offer;
// - predict, then reveal: a lesson's answer hidden until asked for; a
//   course's exercises under the teacher's own words, "Your answer" beside
//   "The right answer", and the share link sharing the course;
// - the small things: an empty new header row that changes nothing and
//   takes the focus, a pasted `Name: value`, the focus on the verdict after
//   a fix, one paragraph per reason, a glossary with MDN's pages, problems
//   in the editors' words, unique lesson titles, a lesson that says when
//   the scenario has left it, lists at one indent.
//
//   node tests/browser/learner.mjs [--browser chromium|firefox] [--only CHECK,...] DIST
//
// `--only` runs the named checks alone (firstScreen, editAndEffect,
// predictThenReveal, smallThings), to see each fail or pass by itself.
//
// One browser for the whole run, one tab per size. Each check prints
// `learner: ok: BROWSER WxH: …`; a failure prints what the page showed, saves
// a screenshot to $TMPDIR/corsim-learner-BROWSER-fail.png and exits 1.

import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Page, launchChromium, serveStatic } from "../lib/browser.mjs";
import { launchFirefox } from "../lib/firefox.mjs";
import { Failure, check, reportFailure, runTest } from "../lib/run.mjs";
import { atMost } from "../lib/wait.mjs";

const TIMEOUT_MS = 240_000;
const SIZES = [
  [1440, 900],
  [390, 844],
  [853, 480],
];
// A link made before this suite: it must open exactly the scenario it holds.
const OLD_LINK =
  "v=1&t=*+does+not+work+with+credentials&p=https://app.example.com/account&u=https://api.example.com/me&c=include&s=200&h=~ao:*&h=~ac:true&h=~ct:application/json&end";
// A page written in Unicode and a request to its host in upper-case Punycode:
// the app maps hosts with the browser's own UTS 46 (crates/idna-adapter), and
// must find them the same origin, as the command line does.
const IDN_LINK = "v=1&p=https://b%C3%BCcher.example/&u=https://XN--BCHER-KVA.example/data&s=200&end";
const EXERCISE = "v=1&p=https://app.example.com/&u=https://api.example.com/data&s=200&h=~ct:application/json&end";
// A course as the first courses were written (scenarios only, each with its
// preset's title), and one whose exercise has the teacher's words.
const OLD_COURSE = `course=1&t=Week+1&v=1&t=The+API+forgot+Access-Control-Allow-Origin&p=https://app.example.com/&u=https://api.example.com/data&s=200&end`;
const NEW_COURSE = `course=1&t=Week+2&et=Who+reads+the+data%3F&ep=Predict+before+you+look.&eh=Look+at+the+response+headers.&${EXERCISE}`;

const argv = process.argv.slice(2);
/** The value of the option `name`, and the arguments without it. */
function option(name) {
  const at = argv.indexOf(name);
  if (at === -1) return null;
  return argv.splice(at, 2)[1] ?? "";
}
const BROWSER = option("--browser") ?? "chromium";
const ONLY = option("--only")?.split(",");
const [dist] = argv;
if (!dist || argv.length > 1 || !["chromium", "firefox"].includes(BROWSER)) {
  console.error("usage: node tests/browser/learner.mjs [--browser chromium|firefox] [--only CHECK,...] DIST");
  process.exit(2);
}
const SCREENSHOT = join(tmpdir(), `corsim-learner-${BROWSER}-fail.png`);
const BROWSER_LOG = join(tmpdir(), `corsim-learner-${BROWSER}.log`);

let browser = null;
let current = null;

/** Reports the failure with what the page shows, then exits 1. */
function fail(message) {
  return reportFailure({
    tag: "learner",
    message,
    page: current,
    read: (page) =>
      page.evaluate(`({ url: location.href, focus: document.activeElement?.id ?? null, results: document.getElementById("results")?.innerText.slice(0, 1500) ?? null })`),
    screenshot: SCREENSHOT,
    problems: current?.problems,
    logs: `the browser's output is in ${BROWSER_LOG}`,
    browser,
  });
}

// ---- driving the page, the same way in both browsers ---------------------------

/** A tab of `width`×`height`. */
async function openTab(width, height) {
  if (BROWSER === "chromium") return Page.open(browser, { width, height });
  const page = await browser.newPage();
  await browser.send("browsingContext.setViewport", { context: page.context, viewport: { width, height } });
  return page;
}

const RENDERED = ["outcome", "errors", "exercise", "lesson-title"].map((id) => `document.getElementById("${id}") !== null`).join(" || ");

/** Opens the app at `fragment` (without `#`) and waits for all of it. */
async function open(page, origin, fragment) {
  // Through a blank page, so that the same address loads afresh. Firefox
  // now and then drops a navigation that follows another at once: the
  // blank page is awaited, and a load that never comes is asked once more.
  for (let attempt = 1; ; attempt++) {
    await page.navigate("about:blank");
    await page.waitFor(`location.href === "about:blank" && document.readyState === "complete"`, { what: "a blank page" });
    await page.navigate(`${origin}/${fragment ? `#${fragment}` : ""}`);
    const opened = await page.waitFor(RENDERED, { timeout: 10_000, what: `the app to open #${fragment}` }).then(
      () => true,
      (err) => {
        if (attempt === 2) throw err;
        return false;
      },
    );
    if (opened) break;
  }
  await settle(page);
  const wide = await page.evaluate(`document.documentElement.scrollWidth - document.documentElement.clientWidth`);
  check(wide <= 0, `#${fragment} scrolls sideways by ${wide} px`);
}

/** Waits for the panels drawn a frame behind the verdict, and for a focus or scroll asked after the paint. */
async function settle(page) {
  await page.settled();
  await page.settled();
}

/** Sets a field's text as a keystroke or a paste would, with its `input` event. */
function typeInto(page, id, text, inputType = "insertText") {
  return page.evaluate(`(() => {
    const el = document.getElementById(${JSON.stringify(id)});
    if (!el) return false;
    el.focus();
    el.value = ${JSON.stringify(text)};
    el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: ${JSON.stringify(inputType)}, data: ${JSON.stringify(text)} }));
    return true;
  })()`);
}

/** Chooses an option of the picker, as the keyboard or the mouse does. */
function choose(page, value) {
  return page.evaluate(`(() => {
    const select = document.getElementById("preset");
    select.focus();
    select.value = ${JSON.stringify(value)};
    select.dispatchEvent(new Event("change", { bubbles: true }));
    return select.value;
  })()`);
}

/** An expression: whether the element `id` is drawn within the window: wholly, or from its top when it is taller. */
const inView = (id) => `(() => {
  const el = document.getElementById(${JSON.stringify(id)});
  if (!el || !el.getClientRects().length) return false;
  const r = el.getBoundingClientRect();
  const bar = document.getElementById("verdict-bar");
  const foot = bar && getComputedStyle(bar).display !== "none" && el !== bar && !bar.contains(el) ? bar.getBoundingClientRect().top : innerHeight;
  // A pixel either way: an element scrolled to the top may sit at -0.5.
  return r.height > 0 && r.top >= -1 && r.top < foot && (r.bottom <= foot + 1 || r.height > foot) && r.left >= -1 && r.right <= innerWidth + 1;
})()`;

/** Waits (a moment: a choice scrolls after the paint) until the element `id` is in view; else fails with `message`. */
async function seen(page, id, message) {
  await page.waitFor(inView(id), { timeout: 3000 }).catch(() => {
    throw new Failure(message);
  });
}

/** An expression: the verdict the learner sees: the bar's where it is shown, else the headline's. */
const VERDICT_SEEN = `(() => {
  const bar = document.getElementById("verdict-bar");
  if (bar && getComputedStyle(bar).display !== "none") return bar.className;
  return document.getElementById("verdict-head")?.className ?? "";
})()`;

const narrow = (width) => width <= 640;

/** On a phone, shows the editors or the results (the verdict bar's switch). */
async function show(page, width, pane) {
  if (!narrow(width)) return;
  await page.click(`#show-${pane}`);
  await settle(page);
}

// ---- the checks -----------------------------------------------------------------

/** §3: the first screen, the one picker, and what each choice brings into view. */
async function firstScreen(page, origin, [width]) {
  await open(page, origin, "");
  const first = await page.evaluate(`(() => {
    const box = (id) => document.getElementById(id)?.getBoundingClientRect();
    const start = box("start-here"), debug = box("debug-my-error");
    const scenario = JSON.parse(document.getElementById("scenario-json")?.textContent ?? "{}");
    const options = Array.from(document.querySelectorAll("#preset option"), (o) => o.value);
    return {
      intro: document.querySelector(".intro")?.textContent ?? "",
      sideBySide: !!start && !!debug && Math.abs(start.top - debug.top) < 4 && start.right <= debug.left,
      scenario,
      outcome: document.getElementById("outcome")?.textContent ?? null,
      lessons: options.filter((v) => v.startsWith("lesson=")).length,
      examples: options.filter((v) => v && !v.startsWith("lesson=")).length,
      otherPickers: document.querySelectorAll("#gallery, #lessons, .gallery-group, .lesson-topics").length,
    };
  })()`);
  check(/corsim shows what a browser does with a cross-origin fetch\(\)/.test(first.intro), `the first screen does not say what corsim is: ${first.intro}`);
  check(await page.evaluate(inView("start-here")) && (await page.evaluate(inView("debug-my-error"))), "Start here and Debug my error are not both on the first screen");
  check(first.sideBySide, "Start here and Debug my error are not side by side");
  const request = first.scenario.request ?? {};
  check(
    first.scenario.page?.startsWith("https://app.example.com/") && request.url?.startsWith("https://api.example.com/") && (request.method ?? "GET") === "GET" && !request.headers && first.outcome === "readable",
    `the first scenario is not a plain GET from app.example.com to api.example.com that works: ${JSON.stringify(first.scenario)} → ${first.outcome}`,
  );
  check(first.lessons >= 20 && first.examples >= 25, `the picker offers ${first.lessons} lessons and ${first.examples} examples`);
  check(first.otherPickers === 0, "a second list of presets or lessons is still on the page");

  await page.click("#start-here");
  await page.waitFor(`document.activeElement?.id === "lesson-title"`, { what: "the first lesson's title to take the focus" });
  await seen(page, "lesson-title", "Start here: the lesson's title is not in view");

  await open(page, origin, "");
  check((await choose(page, "lesson=classic")) === "lesson=classic", "the picker has no lesson classic");
  await page.waitFor(`document.getElementById("lesson-title")?.textContent.includes("classic")`, { what: "the lesson classic to open" });
  await settle(page);
  await seen(page, "lesson", "a lesson chosen in the picker is not brought into view");
  check((await choose(page, "expose-headers")) === "expose-headers", "the picker has no example expose-headers");
  await page.waitFor(`document.getElementById("lesson") === null && document.getElementById("verdict-head") !== null`, { what: "the example to open" });
  await settle(page);
  await seen(page, "verdict-head", "an example chosen in the picker: its verdict is not brought into view");

  await open(page, origin, "");
  await page.click("#debug-my-error");
  await page.waitFor(`document.activeElement?.id === "import-text"`, { what: "Debug my error's text box to take the focus" });
  await seen(page, "import-text", "Debug my error: its text box is not in view");

  await open(page, origin, OLD_LINK);
  const old = await page.evaluate(`({ title: JSON.parse(document.getElementById("scenario-json")?.textContent ?? "{}").title, outcome: document.getElementById("outcome")?.textContent })`);
  check(old.title === "* does not work with credentials" && old.outcome === "network-error", `an old link opened ${JSON.stringify(old)}`);

  await open(page, origin, IDN_LINK);
  const idn = await page.evaluate(`document.getElementById("origin")?.textContent ?? ""`);
  check(
    /Same origin: scheme, host and port all match/.test(idn) && /the host bücher\.example is written in punycode as xn--bcher-kva\.example/.test(idn),
    `a Unicode host and its Punycode are not shown as one origin: ${idn.slice(0, 600)}`,
  );
  return "corsim said in a sentence, Start here and Debug my error side by side, a GET that works, one picker; each choice in view; an old link as before; a Unicode host as its Punycode";
}

/** §4: the field and the verdict together; the diagram within the width; the results' order; a quiet live offer. */
async function editAndEffect(page, origin, [width]) {
  await open(page, origin, "");
  await show(page, width, "edit");
  check(/readable/.test(await page.evaluate(VERDICT_SEEN)), `the verdict seen is not "readable" before the edit`);
  await typeInto(page, "method", "DELETE");
  await page.waitFor(`document.getElementById("outcome")?.textContent === "network-error"`, { what: "the DELETE to be blocked" });
  await settle(page);
  await seen(page, "method", "the method field is not in view while it is edited");
  const shown = await page.evaluate(VERDICT_SEEN);
  check(/network-error/.test(shown), `the verdict in view does not follow the edit: ${shown}`);
  const verdictId = (await page.evaluate(`getComputedStyle(document.getElementById("verdict-bar")).display !== "none"`)) ? "verdict-bar" : "verdict-head";
  check(await page.evaluate(inView(verdictId)), `the verdict (#${verdictId}) is not in view beside the edited field`);
  if (narrow(width)) {
    await show(page, width, "result");
    await seen(page, "verdict-head", "one tap on Result does not show the verdict");
  }
  // The server's answers are at the foot of the editors, where the page
  // ends: the verdict is still in view there.
  await open(page, origin, "");
  await show(page, width, "edit");
  await typeInto(page, "server-0-headers-0-value", "https://other.example");
  await page.waitFor(`document.getElementById("outcome")?.textContent === "network-error"`, { what: "another allowed origin to block the read" });
  await settle(page);
  await page.evaluate(`window.scrollTo(0, document.documentElement.scrollHeight)`);
  await settle(page);
  check(/network-error/.test(await page.evaluate(VERDICT_SEEN)), "at the end of the page the verdict seen does not follow the edit");
  await seen(page, "verdict-bar", "at the end of the page the verdict is not in view");

  // Four lanes: the page, the browser, the API and the CDN it redirects to.
  for (const fragment of ["", "lesson=classic"]) {
    await open(page, origin, fragment);
    await choose(page, "redirect-to-cdn-works");
    await page.waitFor(`document.querySelectorAll(".seq-svg").length === 1`, { what: "the diagram" });
    await settle(page);
    await show(page, width, "result");
    const fit = await page.evaluate(`(() => {
      const scroll = document.querySelector(".seq-scroll"), svg = document.querySelector(".seq-svg");
      return { page: document.documentElement.scrollWidth <= document.documentElement.clientWidth, box: scroll.scrollWidth <= scroll.clientWidth + 1, svg: svg.getBoundingClientRect().right <= scroll.getBoundingClientRect().right + 1 };
    })()`);
    check(fit.page && fit.box && fit.svg, `the diagram of four lanes does not fit the width: ${JSON.stringify(fit)}`);
  }

  const order = await page.evaluate(`(() => {
    const ids = ["verdict-head", "script-view", "console-chromium", "origin", "fix", "live"];
    const at = ids.map((id) => document.getElementById(id));
    if (at.some((el) => !el)) return ids.filter((_, i) => !at[i]).join(", ") + " missing";
    for (let i = 1; i < at.length; i++) if (!(at[i - 1].compareDocumentPosition(at[i]) & Node.DOCUMENT_POSITION_FOLLOWING)) return ids[i] + " before " + ids[i - 1];
    return "ok";
  })()`);
  check(order === "ok", `the results are not in the order verdict, script, console, same origin, fix, live: ${order}`);
  const live = await page.evaluate(`({ primary: document.getElementById("live-run")?.classList.contains("primary"), text: document.getElementById("live")?.innerText ?? "" })`);
  check(live.primary === false && !/trunk build/.test(live.text), `"Run it for real" is not a quiet offer: ${JSON.stringify(live)}`);
  return "the edited field and the verdict in view together, the diagram of four lanes within the width, the results in order, a quiet live offer";
}

/** §5: predict, then reveal, in lessons and courses. */
async function predictThenReveal(page, origin, [width]) {
  await open(page, origin, "lesson=origin-path");
  check(!(await page.evaluate(`document.getElementById("verdict-head") || document.getElementById("console-chromium")`)), "a lesson shows its answer before it is asked for");
  check((await page.evaluate(`document.querySelector('label[for="permalink"]').textContent`)) === "Link to this lesson", "the share link of a lesson is not called the lesson's");
  await page.click("#lesson-reveal");
  await page.waitFor(`document.getElementById("verdict-head")`, { what: "the lesson's answer to be revealed" });
  await settle(page);
  await seen(page, "verdict-head", "the revealed answer is not brought into view");

  await open(page, origin, OLD_COURSE);
  const old = await page.evaluate(`({ title: document.getElementById("exercise-title")?.textContent, scenario: document.getElementById("title")?.value })`);
  check(old.title === "Predict what the browser does" && !/forgot/.test(old.scenario ?? ""), `an exercise is titled by its scenario: ${JSON.stringify(old)}`);

  await open(page, origin, NEW_COURSE);
  const words = await page.evaluate(`({ title: document.getElementById("exercise-title")?.textContent, prompt: document.getElementById("exercise-prompt")?.textContent, hint: document.getElementById("exercise-hint")?.textContent, link: document.getElementById("permalink")?.value })`);
  check(words.title === "Who reads the data?" && words.prompt === "Predict before you look." && /Look at the response headers/.test(words.hint ?? ""), `the teacher's words are not shown: ${JSON.stringify(words)}`);
  check(words.link?.includes("#course=1&t=Week+2&et=Who+reads+the+data"), `the share link inside a course does not share the course: ${words.link}`);
  await page.click("#predict-preflight-yes");
  await page.click("#predict-outcome-readable");
  await page.click("#reveal");
  await page.waitFor(`document.getElementById("exercise-marks")`, { what: "the marks" });
  const marks = await page.evaluate(`Array.from(document.querySelectorAll("#exercise-marks .answers-pair"), (d) => d.innerText)`);
  check(
    marks.length === 3 && /Your answer\s*yes/.test(marks[0]) && /The right answer\s*no/.test(marks[0]) && /Your answer\s*\(none\)/.test(marks[2]),
    `"Your answer" and "The right answer" are not shown for each question: ${JSON.stringify(marks)}`,
  );

  // The teacher writes the words: the builder's fields go into the link.
  await open(page, origin, "");
  await choose(page, "missing-allow-origin");
  // The choice scrolls to its verdict after the paint: let it, before aiming.
  await settle(page);
  await page.waitFor(`document.getElementById("course-builder")`, { what: "the course builder" });
  await page.evaluate(`document.getElementById("course-builder").open = true`);
  await page.click("#course-add");
  await page.waitFor(`document.getElementById("course-title-0")`, { what: "the first exercise's fields" });
  await typeInto(page, "course-title-0", "Why does fetch() reject?");
  await typeInto(page, "course-prompt-0", "Predict, then reveal.");
  await typeInto(page, "course-hint-0", "Read the response headers.");
  await page.waitFor(`document.getElementById("course-link")?.value.includes("&eh=Read+the+response+headers.&")`, { what: "the teacher's words in the course link" });
  const built = await page.evaluate(`document.getElementById("course-link").value`);
  check(built.includes("&et=Why+does+fetch()+reject?&ep=Predict,+then+reveal.&") && !built.includes("forgot"), `the course link does not carry the teacher's words, or gives the answer away: ${built}`);
  return "a lesson's answer hidden until revealed, exercises under the teacher's words (written in the builder), your answer beside the right one, the course shared";
}

/** §6: the small things. */
async function smallThings(page, origin, [width]) {
  await open(page, origin, "");
  await show(page, width, "edit");
  await page.click("#request-headers-add");
  await page.waitFor(`document.activeElement?.id === "request-headers-0-name"`, { what: "the new row's name field to take the focus" });
  await settle(page);
  check(
    (await page.evaluate(`document.getElementById("outcome")?.textContent`)) === "readable" && !(await page.evaluate(`document.getElementById("errors")`)),
    "an empty new header row changed the verdict",
  );
  check(!(await page.evaluate(`document.querySelector("#request-headers .header-row.invalid, #request-headers .problems li")`)), "an empty new header row is marked invalid");
  await typeInto(page, "request-headers-0-name", "X-Api-Key: abc123", "insertFromPaste");
  await page.waitFor(`document.getElementById("request-headers-0-value")?.value === "abc123"`, { what: "the pasted line to be split" });
  check((await page.evaluate(`document.getElementById("request-headers-0-name").value`)) === "X-Api-Key", "the pasted name was not split from its value");

  await typeInto(page, "server-0-status", "abc");
  await page.waitFor(`document.getElementById("errors")`, { what: "the problems of an invalid status" });
  const problems = await page.evaluate(`document.getElementById("errors").textContent`);
  check(/response 1, status/.test(problems) && !/server\[/.test(problems), `problems are named in the file's words: ${problems}`);

  await open(page, origin, "");
  await choose(page, "missing-allow-origin");
  await page.waitFor(`document.getElementById("apply-fix")`, { what: "the fix" });
  await settle(page);
  const reasons = await page.evaluate(`Array.from(document.querySelectorAll("#fix .why"), (p) => p.textContent)`);
  check(reasons.length > 0 && new Set(reasons).size === reasons.length, `the fix repeats a paragraph: ${JSON.stringify(reasons)}`);
  await page.click("#apply-fix");
  await page.waitFor(`document.activeElement?.id === "verdict-head"`, { what: "the new verdict to take the focus" });
  const head = await page.evaluate(`({ live: document.activeElement.getAttribute("aria-live"), outcome: document.getElementById("outcome")?.textContent })`);
  check(head.live === "polite" && head.outcome === "readable", `after the fix the focused verdict is ${JSON.stringify(head)}`);
  await seen(page, "verdict-head", "the new verdict is not in view after the fix");

  const words = await page.evaluate(`(() => {
    const terms = Array.from(document.querySelectorAll("#glossary dt"), (d) => d.textContent);
    const mdn = document.querySelectorAll('#glossary a[href^="https://developer.mozilla.org/"]').length;
    const steps = document.querySelector('#steps')?.closest("section")?.querySelector('a[href^="https://developer.mozilla.org/"]') !== null;
    const head = document.getElementById("verdict-head").innerText;
    return { terms, mdn, steps, spec: /main fetch|server\\[/.test(head) };
  })()`);
  for (const term of ["preflight", "opaque response", "safelisted", "credentials", "modes"]) {
    check(words.terms.includes(term), `the glossary has no "${term}": ${words.terms}`);
  }
  check(words.mdn === words.terms.length && words.steps, "MDN's pages are not linked beside the standard's");
  check(!words.spec, "the verdict uses the standard's vocabulary");

  // A word is explained where it is used: from the editors, the glossary
  // opens at its entry.
  await open(page, origin, "");
  await show(page, width, "edit");
  await page.click(".terms button:nth-of-type(2)");
  await page.waitFor(`document.activeElement?.id === "term-credentials"`, { what: "the glossary's entry for credentials to take the focus" });
  await seen(page, "term-credentials", "the glossary's entry for credentials is not brought into view");

  const titles = await page.evaluate(`Array.from(document.querySelectorAll('#preset option[value^="lesson="]'), (o) => o.textContent.replace(/^\\d+\\. /, ""))`);
  check(new Set(titles).size === titles.length, `two lessons share a title: ${titles}`);

  await open(page, origin, "lesson=origin-scheme");
  await show(page, width, "edit");
  await typeInto(page, "method", "DELETE");
  await page.waitFor(`document.getElementById("lesson-left")`, { what: "the lesson to say the scenario has left it" });
  await show(page, width, "result");
  await page.click("#lesson-reset");
  await page.waitFor(`!document.getElementById("lesson-left") && document.getElementById("method")?.value === "GET"`, { what: "the lesson's scenario to come back" });

  await open(page, origin, "");
  await choose(page, "missing-allow-origin");
  await page.waitFor(`document.getElementById("steps") && document.getElementById("fix-changes")`, { what: "the steps and the fix" });
  await show(page, width, "result");
  const indents = await page.evaluate(`["steps", "fix-changes", "readable-headers"].map((id) => document.getElementById(id)).filter(Boolean).map((l) => getComputedStyle(l).paddingLeft)`);
  check(indents.length >= 2 && new Set(indents).size === 1, `lists are not at one indent: ${indents}`);
  return "an empty row ignored and focused, a pasted header split, problems in plain words, one paragraph per reason, the fixed verdict focused, a glossary with MDN, unique lesson titles, a lesson that says it was left, lists aligned";
}

// ---- the run ----------------------------------------------------------------------

async function main() {
  check(existsSync(join(dist, "index.html")), `${dist}/index.html is missing: build the app first (trunk build --release)`);
  const origin = await serveStatic(dist);
  browser =
    BROWSER === "chromium" ? launchChromium({ logFile: BROWSER_LOG, tag: "corsim-learner" }) : await launchFirefox({ logFile: BROWSER_LOG, tag: "corsim-learner" });
  let checks = 0;
  for (const size of SIZES) {
    const page = await openTab(...size);
    current = page;
    for (const step of [firstScreen, editAndEffect, predictThenReveal, smallThings].filter((s) => !ONLY || ONLY.includes(s.name))) {
      const t0 = Date.now();
      const what = await step(page, origin, size).catch((err) => {
        throw err instanceof Failure ? new Failure(`${BROWSER} ${size.join("×")}: ${step.name}: ${err.message}`) : err;
      });
      // A load this test cuts short by opening the next link (Debug my
      // error's worker, say) is Firefox's NS_BINDING_ABORTED, not the app's.
      const problems = page.problems.filter((p) => !p.includes("NS_BINDING_ABORTED"));
      check(problems.length === 0, `${BROWSER} ${size.join("×")}: ${step.name}: the page reported ${problems.join("; ")}`);
      console.log(`learner: ok: ${BROWSER} ${size.join("×")}: ${what} (${Date.now() - t0} ms)`);
      checks++;
    }
    await page.close();
  }
  await atMost(Promise.resolve(browser.close?.()), 5000);
  console.log(`learner: ok: ${checks} checks in ${BROWSER} at ${SIZES.map((s) => s.join("×")).join(", ")}`);
}

runTest(main, { timeoutMs: TIMEOUT_MS, fail });
