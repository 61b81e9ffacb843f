// Accessibility of the built app, in real headless Chromium:
//
// - axe-core (node_modules/axe-core, every rule it runs by default: WCAG 2.x
//   A and AA, and its best practices) finds no violation with every preset
//   loaded in turn, each in the light and the dark theme, with every
//   <details> open, and also on a broken link's notice, an invalid
//   scenario's list of problems, a lesson and a course's exercise;
// - the keyboard reaches every control: Tab, pressed for real, visits every
//   visible link, button, field, menu, summary and focusable region, each
//   showing a visible focus indicator; no positive tabindex;
// - the verdict is announced: it sits in one polite live region that stays
//   in the document while the verdict changes (a region that is replaced
//   announces nothing);
// - colour is not the only signal: the verdict's headline carries a symbol
//   and words, and the sequence diagram has a text equivalent, step by step.
//
//   node tests/browser/a11y.mjs DIST
//
// Prints one line per check; `a11y: FAIL: …` with each violation's rule,
// help, and the elements it found, and exit 1, on failure.

import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { cleanup, launchChromium, serveStatic } from "../lib/browser.mjs";
import { ROOT } from "../lib/corsim.mjs";
import { runTest } from "../lib/run.mjs";
import { sleep } from "../lib/wait.mjs";

const AXE = join(ROOT, "node_modules/axe-core/axe.min.js");
const TIMEOUT_MS = 15 * 60_000;
const CHROMIUM_LOG = join(tmpdir(), "corsim-a11y-chromium.log");

const [distArg] = process.argv.slice(2);
if (!distArg) {
  console.error("usage: node tests/browser/a11y.mjs DIST");
  process.exit(2);
}

let browser = null;
function fail(message) {
  console.error(`a11y: FAIL: ${message}`);
  if (browser) console.error(`a11y: Chromium's own output is in ${CHROMIUM_LOG}`);
  cleanup();
  process.exit(1);
}

const RENDERED = `document.getElementById("outcome") || document.getElementById("errors")`;

/** Runs axe on the page as it is, with every <details> open; returns its violations. */
async function axe(page) {
  await page.evaluate(`document.querySelectorAll("details").forEach((d) => (d.open = true))`);
  return page.evaluate(
    `axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary, html: n.html.slice(0, 200) })),
    })))`,
    { awaitPromise: true },
  );
}

function describe(violations) {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} <${v.url}>\n` +
        v.nodes.map((n) => `      ${n.target}\n        ${n.html}\n        ${n.summary.replace(/\n/g, "\n        ")}`).join("\n"),
    )
    .join("\n  ");
}

/** Chooses `value` in the <select> `id` as a user would, firing its change event. */
function choose(page, id, value) {
  return page.evaluate(`(() => {
    const select = document.getElementById(${JSON.stringify(id)});
    select.focus();
    select.value = ${JSON.stringify(value)};
    select.dispatchEvent(new Event("change", { bubbles: true }));
    return select.value;
  })()`);
}

/**
 * Presses Tab until the focus comes back to an element it already visited
 * (it goes round the page once, wherever it starts), `count` times at most;
 * returns each element focused, in order, and marks each `__tabbed`.
 */
async function tabThrough(page, count) {
  const visited = [];
  for (let i = 0; i < count; i++) {
    for (const type of ["keyDown", "keyUp"]) {
      await page.send("Input.dispatchKeyEvent", { type, key: "Tab", code: "Tab", windowsVirtualKeyCode: 9, nativeVirtualKeyCode: 9 });
    }
    const here = await page.evaluate(`(() => {
      const el = document.activeElement;
      // Past the last control the focus leaves the page for a moment.
      if (!el || el === document.body) return { outside: true };
      if (el.__tabbed) return null;
      el.__tabbed = true;
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
      const ring = style.boxShadow !== "none";
      return {
        id: el.id, tag: el.localName, text: (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().slice(0, 40),
        focusVisible: el.matches(":focus-visible"), indicator: outline || ring,
      };
    })()`);
    if (here === null) break;
    if (!here.outside) visited.push(here);
  }
  return visited;
}

// Interactive elements a keyboard user must reach with Tab: visible, not
// disabled. A tab of a tab list that is out of the Tab order (tabindex=-1)
// is reached with the arrow keys instead (the roving tabindex of the ARIA
// tabs pattern), checked apart; anything else with tabindex=-1 is a place
// the app moves the focus to, not a control, unless it is natively one.
const INTERACTIVE = `Array.from(document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex], [role=button], [role=tab], [role=link], [contenteditable=""], [contenteditable=true]'
  )).filter((el) => {
    if (el.disabled || el.closest("[inert]")) return false;
    if (el.localName === "summary" && el.parentElement?.localName !== "details") return false;
    const native = el.matches("a[href], button, input, select, textarea, summary");
    if (el.getAttribute("tabindex") === "-1" && (el.getAttribute("role") === "tab" || !native)) return false;
    // Not inside a closed <details>, not display: none, not visibility: hidden.
    return el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true });
  })`;

async function main() {
  const started = Date.now();
  if (!existsSync(join(distArg, "index.html"))) fail(`${distArg}/index.html is missing: build the app first (trunk build)`);
  if (!existsSync(AXE)) fail(`${AXE} is missing: run scripts/ensure-tools.sh (npm ci)`);
  const axeSource = readFileSync(AXE, "utf8");
  const origin = await serveStatic(distArg);
  browser = launchChromium({ logFile: CHROMIUM_LOG, tag: "corsim-a11y" });
  const page = await browser.newPage({ width: 1280, height: 720 });
  await page.runOnNewDocument(axeSource);
  await page.navigate(`${origin}/`);
  await page.waitFor(RENDERED, { what: "the app to render" });
  await page.settled();
  const version = await page.evaluate("axe.version");

  // 1. axe, every preset, both themes.
  const presets = await page.evaluate(
    `Array.from(document.querySelectorAll('#preset option:not([value^="lesson="])'), (o) => ({ id: o.value, title: o.textContent })).filter((p) => p.id)`,
  );
  if (presets.length < 10) fail(`#preset offers ${presets.length} presets`);
  let runs = 0;
  const failures = [];
  for (const theme of ["light", "dark"]) {
    if ((await choose(page, "theme", theme)) !== theme) fail(`#theme has no option ${theme}`);
    await page.waitFor(`document.documentElement.dataset.theme === ${JSON.stringify(theme)} || document.documentElement.classList.contains(${JSON.stringify(theme)})`, {
      what: `the ${theme} theme to apply`,
    });
    for (const preset of presets) {
      if ((await choose(page, "preset", preset.id)) !== preset.id) fail(`#preset has no option ${preset.id}`);
      await page.waitFor(`document.getElementById("preset").value === ${JSON.stringify(preset.id)} && (${RENDERED})`, {
        what: `the preset ${preset.id} to load`,
      });
      await page.settled();
      // Yew renders on the next tick; let it settle before looking.
      await sleep(30);
      const violations = await axe(page);
      runs++;
      if (violations.length) failures.push(`preset ${preset.id}, ${theme} theme: ${violations.length} violations:\n  ${describe(violations)}`);
    }
    if (!failures.length) console.log(`a11y: ok: axe ${version}: no violation in any of the ${presets.length} presets, ${theme} theme, every <details> open`);
  }
  // All of them at once: one run shows everything there is to fix.
  if (failures.length) fail(`axe ${version} found violations in ${failures.length} of ${runs} runs:\n${failures.join("\n")}`);

  // The other states a learner meets: a broken link's notice, an invalid scenario.
  await page.navigate(`${origin}/#v=99`);
  await page.waitFor(`document.getElementById("notice")`, { what: "the notice of a broken link" });
  let violations = await axe(page);
  runs++;
  if (violations.length) fail(`axe, a broken link's notice: ${violations.length} violations:\n  ${describe(violations)}`);
  await page.evaluate(`(() => { const el = document.getElementById("page-url"); el.focus(); el.select(); })()`);
  for (const ch of "not a url") await page.send("Input.insertText", { text: ch });
  await page.waitFor(`document.getElementById("errors")`, { what: "the list of problems of an invalid scenario" });
  violations = await axe(page);
  runs++;
  if (violations.length) fail(`axe, an invalid scenario: ${violations.length} violations:\n  ${describe(violations)}`);
  // A lesson, and a course's exercise before and after its verdict is revealed.
  const linkOf = (preset) => page.evaluate(`document.getElementById("permalink").value.split("#")[1]`).then((f) => f ?? preset);
  await page.navigate(`${origin}/`);
  await page.waitFor(RENDERED, { what: "the app to render" });
  await page.settled();
  const fragment = await linkOf("default");
  for (const [what, url, until, then] of [
    ["a lesson", `${origin}/#lesson=origin-path`, `document.getElementById("lesson-title") && !document.getElementById("notice")`, null],
    ["a lesson's revealed answer", null, `document.getElementById("verdict-head")`, "#lesson-reveal"],
    ["a course's exercise", `${origin}/#course=1&t=Week+1&${fragment}&${fragment}`, `document.getElementById("exercise")`, null],
    ["a revealed exercise", null, `document.getElementById("outcome")`, "#reveal"],
  ]) {
    if (url) await page.navigate(url);
    if (then) await page.click(then);
    await page.waitFor(until, { what });
    await page.settled();
    await sleep(30);
    violations = await axe(page);
    runs++;
    if (violations.length) fail(`axe, ${what}: ${violations.length} violations:\n  ${describe(violations)}`);
  }
  // A phone: the verdict bar at the foot, with the switch between the
  // results and the editors.
  await page.send("Emulation.setDeviceMetricsOverride", { width: 390, height: 844, deviceScaleFactor: 1, mobile: false });
  await page.navigate(`${origin}/`);
  for (const [what, then] of [["a phone's results", null], ["a phone's editors", "#show-edit"]]) {
    await page.waitFor(RENDERED, { what: "the app to render" });
    if (then) await page.click(then);
    await page.settled();
    violations = await axe(page);
    runs++;
    if (violations.length) fail(`axe, ${what}: ${violations.length} violations:\n  ${describe(violations)}`);
  }
  await page.send("Emulation.setDeviceMetricsOverride", { width: 1280, height: 720, deviceScaleFactor: 1, mobile: false });
  // "Debug my error" with what it shows: Safari's line's causes to choose
  // from, the guesses and notes; a line whose guesses are marked in the
  // editors (the method, the headers, the preflight's status); then a line
  // that is no CORS error.
  await page.navigate(`${origin}/`);
  await page.waitFor(RENDERED, { what: "the app to render" });
  await page.click("#debug summary");
  for (const [what, text, until] of [
    ["Debug my error, a choice of causes", "Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load https://api.example.com/data due to access control checks.", `document.getElementById("import-choice")`],
    ["Debug my error, guesses marked in the editors", "Access to fetch at 'https://api.example.com/users' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.", `document.querySelector(".tag.guessed")`],
    ["Debug my error, not a CORS error", "GET https://api.example.com/data net::ERR_NAME_NOT_RESOLVED", `document.getElementById("import-error")`],
  ]) {
    await page.evaluate(`document.getElementById("import-text").value = ${JSON.stringify(text)}`);
    await page.click("#import-go");
    await page.waitFor(until, { what });
    await page.settled();
    violations = await axe(page);
    runs++;
    if (violations.length) fail(`axe, ${what}: ${violations.length} violations:\n  ${describe(violations)}`);
  }
  console.log(
    `a11y: ok: no violation on a broken link's notice, an invalid scenario's problems, a lesson and its revealed answer, a course's exercise and its revealed verdict, a phone's results and editors, Debug my error's causes, its marked guesses and its message (${runs} axe runs in all)`,
  );

  // 2. The keyboard, on the default scenario and on one with a redirect.
  for (const id of ["default", "redirect-to-cdn-works"]) {
    await page.navigate(`${origin}/`);
    await page.waitFor(RENDERED, { what: "the app to render" });
    await page.settled();
    if (id !== "default") {
      await choose(page, "preset", id);
      await page.waitFor(`document.getElementById("preset").value === ${JSON.stringify(id)}`, { what: `the preset ${id}` });
      await page.settled();
      await sleep(30);
    }
    const positive = await page.evaluate(`Array.from(document.querySelectorAll("[tabindex]")).filter((el) => el.tabIndex > 0).map((el) => el.outerHTML.slice(0, 100))`);
    if (positive.length) fail(`positive tabindex breaks the reading order: ${positive.join(", ")}`);
    const wanted = await page.evaluate(`${INTERACTIVE}.length`);
    const visited = await tabThrough(page, 2 * wanted + 20);
    const missed = await page.evaluate(
      `${INTERACTIVE}.filter((el) => !el.__tabbed).map((el) => el.outerHTML.slice(0, 160))`,
    );
    if (missed.length) fail(`${id}: Tab never reaches ${missed.length} of ${wanted} controls:\n  ${missed.join("\n  ")}`);
    const unseen = visited.filter((v) => !v.focusVisible || !v.indicator);
    if (unseen.length) {
      fail(`${id}: no visible focus indicator on:\n  ${unseen.map((v) => `<${v.tag} id=${v.id}> ${v.text} (focus-visible ${v.focusVisible})`).join("\n  ")}`);
    }
    // Each tab list: Tab reaches its selected tab, the arrow keys the others.
    const lists = await page.evaluate(`document.querySelectorAll("[role=tablist]").length`);
    for (let i = 0; i < lists; i++) {
      const tabs = await page.evaluate(`(() => {
        const list = document.querySelectorAll("[role=tablist]")[${i}];
        const tabs = Array.from(list.querySelectorAll("[role=tab]"));
        const selected = tabs.find((t) => t.getAttribute("aria-selected") === "true");
        selected?.focus();
        return { count: tabs.length, selected: selected?.id ?? null, name: list.getAttribute("aria-label") ?? "" };
      })()`);
      if (!tabs.selected) fail(`${id}: the tab list ${tabs.name} has no selected tab`);
      const reached = new Set([tabs.selected]);
      for (let k = 1; k < tabs.count; k++) {
        for (const type of ["keyDown", "keyUp"]) {
          await page.send("Input.dispatchKeyEvent", { type, key: "ArrowRight", code: "ArrowRight", windowsVirtualKeyCode: 39, nativeVirtualKeyCode: 39 });
        }
        reached.add(await page.evaluate(`document.activeElement?.getAttribute("role") === "tab" ? document.activeElement.id : null`));
      }
      reached.delete(null);
      if (reached.size !== tabs.count) fail(`${id}: ArrowRight reaches ${reached.size} of the ${tabs.count} tabs of ${tabs.name}`);
    }
    console.log(`a11y: ok: preset ${id}: Tab reaches all ${wanted} controls, each with a visible focus indicator; the arrow keys every tab of ${lists} tab lists`);
  }

  // 3. The verdict is announced, from one live region that stays.
  await page.navigate(`${origin}/`);
  await page.waitFor(RENDERED, { what: "the app to render" });
  await page.settled();
  const region = `document.getElementById("outcome")?.closest("[aria-live]")`;
  const live = await page.evaluate(`(() => {
    const region = ${region};
    if (!region) return null;
    region.__marked = true;
    return { live: region.getAttribute("aria-live"), atomic: region.getAttribute("aria-atomic"), text: region.textContent };
  })()`);
  if (!live) fail("the verdict (#outcome) is not inside an aria-live region");
  if (live.live !== "polite") fail(`the verdict's region is aria-live=${live.live}, want polite`);
  for (const [what, act, until] of [
    ["another preset", () => choose(page, "preset", "wildcard-with-credentials"), `document.getElementById("preset").value === "wildcard-with-credentials"`],
    ["an invalid scenario", async () => {
      await page.evaluate(`(() => { const el = document.getElementById("page-url"); el.focus(); el.select(); })()`);
      for (const ch of "not a url") await page.send("Input.insertText", { text: ch });
    }, `document.getElementById("errors")`],
    ["a valid one again", async () => {
      await page.evaluate(`(() => { const el = document.getElementById("page-url"); el.focus(); el.select(); })()`);
      for (const ch of "https://app.example.com/") await page.send("Input.insertText", { text: ch });
    }, `document.getElementById("outcome")`],
  ]) {
    await act();
    await page.waitFor(until, { what });
    await page.settled();
    await sleep(30);
    const after = await page.evaluate(`(() => {
      const region = document.querySelector("[aria-live]") && Array.from(document.querySelectorAll("[aria-live]")).find((r) => r.__marked);
      return region ? { text: region.textContent, live: region.getAttribute("aria-live") } : null;
    })()`);
    if (!after) fail(`after ${what}, the verdict's live region was replaced: a screen reader would not announce the change`);
    if (after.text === live.text) fail(`after ${what}, the verdict's live region still says ${JSON.stringify(live.text.slice(0, 120))}`);
    live.text = after.text;
  }
  console.log("a11y: ok: the verdict sits in one aria-live=polite region that stays while it changes (another preset, invalid, valid)");

  // 4. Not by colour alone: symbol and words in the headline; the diagram as text.
  const signals = await page.evaluate(`(() => {
    const headline = document.getElementById("outcome").closest(".headline");
    const svg = document.querySelector(".sequence-diagram svg");
    const steps = document.querySelectorAll(".sequence-diagram .diagram-steps li");
    const labelled = (svg?.getAttribute("aria-labelledby") ?? "").split(" ").map((id) => document.getElementById(id)?.textContent ?? "");
    return {
      mark: headline?.querySelector(".mark")?.textContent.trim() ?? "",
      words: headline?.querySelector("strong")?.textContent.trim() ?? "",
      role: svg?.getAttribute("role"), labelled, steps: steps.length,
      rows: svg?.querySelectorAll("g.seq-lane ~ g").length ?? 0,
    };
  })()`);
  if (!signals.mark || !signals.words) fail(`the verdict's headline has no symbol or no words: ${JSON.stringify(signals)}`);
  if (signals.role !== "img" || signals.labelled.some((t) => !t.trim())) fail(`the diagram is not an image with a title and a description: ${JSON.stringify(signals)}`);
  if (signals.steps === 0) fail("the diagram has no text equivalent (.diagram-steps)");
  console.log(
    `a11y: ok: the headline says ${JSON.stringify(signals.mark)} and ${JSON.stringify(signals.words)}; the diagram is an image with a title and a description, and ${signals.steps} steps as text`,
  );
  if (page.problems.length) fail(`the page reported:\n  ${page.problems.join("\n  ")}`);
  await browser.close();
  console.log(`a11y: ok: all checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

runTest(main, { timeoutMs: TIMEOUT_MS, fail });
