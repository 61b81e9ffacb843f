// Where the web app's wasm bytes go, by crate: for docs/size.md.
//
//   node scripts/wasm-breakdown.mjs NAMED.wasm
//
// NAMED.wasm is the app as Trunk ships it but with its function names kept:
// built with v0 symbol mangling, so that a generic function names the type it
// was made for (`CompStateInner<corsim::ui::verdict_panel::VerdictPanel>::view`
// is the app's, not Yew's), then wasm-bindgen --keep-debug and wasm-opt -Oz
// --debuginfo; docs/size.md has the commands. Each function is charged to the
// first crate its name mentions among the app's, else to the crate it is
// defined in; the bytes are its body's, raw and `gzip -9` (each group's bodies
// compressed together, as a whole file would be). The data segments (string
// literals, tables) carry no names: they are one group.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const file = process.argv[2];
if (!file) {
  console.error("usage: node scripts/wasm-breakdown.mjs NAMED.wasm");
  process.exit(2);
}

// ---- reading the module -----------------------------------------------------------

const bytes = readFileSync(file);
let at = 8; // after the magic number and version
const u32 = () => {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
};
const name = () => {
  const length = u32();
  const text = bytes.subarray(at, at + length).toString("utf8");
  at += length;
  return text;
};
const skipLimits = () => {
  const flags = u32();
  u32();
  if (flags & 1) u32();
};
const skipConstExpr = () => {
  while (bytes[at] !== 0x0b) at++;
  at++;
};

let importedFunctions = 0;
const bodies = [];
const data = [];
const names = new Map();
while (at < bytes.length) {
  const id = bytes[at++];
  const size = u32();
  const end = at + size;
  if (id === 2) {
    // imports: only the count of imported functions matters, for indices
    for (let n = u32(); n > 0; n--) {
      name();
      name();
      const kind = bytes[at++];
      if (kind === 0) {
        u32();
        importedFunctions++;
      } else if (kind === 1) {
        at++;
        skipLimits();
      } else if (kind === 2) skipLimits();
      else if (kind === 3) at += 2;
      else if (kind === 4) {
        at++;
        u32();
      }
    }
  } else if (id === 10) {
    for (let n = u32(); n > 0; n--) {
      const length = u32();
      bodies.push(bytes.subarray(at, at + length));
      at += length;
    }
  } else if (id === 11) {
    for (let n = u32(); n > 0; n--) {
      const flags = u32();
      if (flags === 2) u32();
      if (flags !== 1) skipConstExpr();
      const length = u32();
      data.push(bytes.subarray(at, at + length));
      at += length;
    }
  } else if (id === 0 && name() === "name") {
    while (at < end) {
      const subsection = bytes[at++];
      const subsectionEnd = u32() + at;
      if (subsection === 1) {
        for (let n = u32(); n > 0; n--) {
          const index = u32();
          names.set(index, name());
        }
      }
      at = subsectionEnd;
    }
  }
  at = end;
}
if (names.size === 0) {
  console.error(`${file} has no function names: build it as docs/size.md says`);
  process.exit(1);
}

// ---- charging each function to a crate ---------------------------------------------

const GROUPS = [
  [/corsim\[?[0-9a-f]*\]?::ui::/, "corsim app: ui (Yew components, with the view models they inline)"],
  [/\bcorsim\[?[0-9a-f]*\]?::/, "corsim app: logic (state, views, fix, permalink, draft, presets)"],
  [/\bcorsim_core\b/, "corsim-core"],
];
const CRATES = [
  [/^(core|alloc|std|dlmalloc|compiler_builtins|__rustc|__rdl|__rg|rust_|main$|memcpy|memmove|memset|memcmp|__[a-z]+ti3$|__multi3)/, "Rust std (core, alloc, fmt, dlmalloc)"],
  [/^(url|idna|percent_encoding|form_urlencoded)\b/, "url + idna"],
  [/^(icu_[a-z_]+|zerovec|zerotrie|yoke|zerofrom|smallvec|tinystr|potential_utf|utf8_iter|writeable|litemap)\b/, "ICU4X (idna's Unicode back end)"],
  [/^(serde_json|serde_core|serde|zmij|itoa|ryu|memchr|indexmap|hashbrown)\b/, "serde_json, serde (+ indexmap, hashbrown)"],
  [/^(yew|implicit_clone|gloo[a-z_]*|slab|futures[a-z_]*|pin_project[a-z_]*|tracing[a-z_]*|tokise|console_error_panic_hook|prokio)\b/, "yew runtime"],
  [/^(wasm_bindgen[a-z_]*|js_sys|web_sys|__wbindgen|__externref)/, "wasm-bindgen, js-sys, web-sys"],
];

/** The crate a function is defined in: the first path segment of its name. */
function definingCrate(fn) {
  // `<T as Trait>::f` and `<T>::f` are T's; primitives (`<str>::...`) are std's.
  const first = fn.replace(/^[<&\s]*(?:mut |dyn )?/, "").match(/^[A-Za-z_][A-Za-z0-9_]*/)?.[0] ?? "?";
  if (/^(str|char|bool|[iuf](8|16|32|64|128|size)|\[)/.test(first)) return "core";
  return first;
}

function group(fn) {
  const plain = fn.replace(/\[[0-9a-f]+\]/g, "");
  for (const [pattern, label] of GROUPS) if (pattern.test(plain)) return label;
  const crate = definingCrate(plain);
  for (const [pattern, label] of CRATES) if (pattern.test(crate)) return label;
  return `other (${crate})`;
}

const groups = new Map();
bodies.forEach((body, i) => {
  const label = group(names.get(i + importedFunctions) ?? "?");
  if (!groups.has(label)) groups.set(label, []);
  groups.get(label).push(body);
});
groups.set("data segments (strings, presets, Unicode and ICU tables)", data);

const gzipSize = (input) => spawnSync("gzip", ["-9", "-c"], { input, maxBuffer: 256 << 20 }).stdout.length;
const rows = [...groups].map(([label, parts]) => {
  const all = Buffer.concat(parts);
  return { label, raw: all.length, gzip: gzipSize(all) };
});
rows.sort((a, b) => b.gzip - a.gzip);
const total = {
  raw: rows.reduce((sum, r) => sum + r.raw, 0),
  gzip: rows.reduce((sum, r) => sum + r.gzip, 0),
};
const kB = (n) => (n / 1000).toFixed(1);
console.log("| where | raw kB | gzip kB | share of gzip |");
console.log("| --- | ---: | ---: | ---: |");
for (const r of rows) {
  if (r.raw < 1000) continue;
  console.log(`| ${r.label} | ${kB(r.raw)} | ${kB(r.gzip)} | ${((100 * r.gzip) / total.gzip).toFixed(0)}% |`);
}
console.log(`| total of the above (code bodies and data; each group compressed on its own) | ${kB(total.raw)} | ${kB(total.gzip)} | |`);
