// Trunk's post-build hook (Trunk.toml), on release builds only: makes the
// first load smaller without changing what runs.
//
// - wasm-bindgen names each import of the wasm module after the function
//   it binds plus a hash (`__wbg_addEventListener_6a5b...`), and the JS
//   loader defines each under the same name: both files carry every name.
//   They become short names (`a`, `b`, ... `a0`), in both files alike.
// - The loader is minified with terser, which Trunk's own minifier cannot
//   do (it stops at `export default`).
// - index.html's preload links get the new files' integrity hashes, so
//   that the browser still checks what it loads.
//
// Only the main module's two files: the import worker's are not part of
// the first load (see below).

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { minify } from "terser";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("post-build: TRUNK_STAGING_DIR is not set: run me as Trunk's post_build hook");
  process.exit(2);
}
if (process.env.TRUNK_PROFILE !== "release") process.exit(0);

const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
const indexPath = join(dir, "index.html");
let index = readFileSync(indexPath, "utf8");
const replaceIntegrity = (before, after, name) => {
  if (!index.includes(sri(before))) throw new Error(`post-build: index.html has no integrity for ${name}`);
  index = index.replace(sri(before), sri(after));
};

// The main module and its loader, as start.js's tag names them (Trunk.toml's
// pattern_script). dist/ holds other wasm and JS files too: the import
// worker's (index.html), which no first load fetches and whose loader is
// wasm-bindgen's no-modules one, a different shape; they are left as Trunk
// wrote them.
const named = (attribute) => {
  // Quoted as written, or bare once Trunk has minified index.html.
  const found = index.match(new RegExp(`${attribute}=(?:"([^"]+)"|([^\\s>"]+))`));
  if (!found) throw new Error(`post-build: index.html has no ${attribute}`);
  return basename(found[1] ?? found[2]);
};
const wasmName = named("data-corsim-wasm");
const jsName = named("data-corsim-js");
const files = readdirSync(dir);
if (!files.includes(wasmName) || !files.includes(jsName)) {
  throw new Error(`post-build: ${wasmName} or ${jsName} is not in ${dir}`);
}

const wasm = readFileSync(join(dir, wasmName));
// wasm-bindgen's loader hands the module one import object, under the
// name of its `_bg.js` module.
const { bytes: renamedWasm, names } = renameImports(wasm, (module) => module.endsWith("_bg.js"));
let js = readFileSync(join(dir, jsName), "utf8");
const source = js;
for (const [long, short] of names) {
  // Each name is defined once in the loader, as a key of the import object.
  const uses = js.split(long).length - 1;
  if (uses !== 1 || !js.includes(`${long}: function`)) {
    throw new Error(`post-build: ${long} is not defined once as a key in ${jsName}`);
  }
  js = js.replace(`${long}: function`, `${short}: function`);
}
const { code } = await minify(js, { module: true, compress: { passes: 2 }, mangle: true });
if (!code) throw new Error(`post-build: terser gave nothing for ${jsName}`);

writeFileSync(join(dir, wasmName), renamedWasm);
writeFileSync(join(dir, jsName), code);
replaceIntegrity(wasm, renamedWasm, wasmName);
replaceIntegrity(source, code, jsName);
writeFileSync(indexPath, index);
console.log(
  `post-build: ${names.size} imports renamed; ${wasmName} ${wasm.length} → ${renamedWasm.length} bytes, ` +
    `${jsName} ${source.length} → ${code.length} bytes`,
);

/**
 * The module with each import from a module that `isLoader` accepts given a
 * short name, and the names (old → new). Only the import section changes: imports are referred to by
 * index everywhere else. See the WebAssembly binary format's import section.
 */
function renameImports(bytes, isLoader) {
  let at = 8; // after the magic number and the version
  const u32 = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      result |= (byte & 0x7f) << shift;
      if (byte < 0x80) return result >>> 0;
      shift += 7;
    }
  };
  const leb = (n) => {
    const out = [];
    do {
      let byte = n & 0x7f;
      n >>>= 7;
      if (n) byte |= 0x80;
      out.push(byte);
    } while (n);
    return Buffer.from(out);
  };
  const name = () => {
    const length = u32();
    const text = bytes.subarray(at, at + length).toString("utf8");
    at += length;
    return text;
  };
  const limits = () => {
    const flags = bytes[at++];
    u32();
    if (flags & 1) u32();
  };
  const shortName = (i) => {
    const letters = "abcdefghijklmnopqrstuvwxyz";
    return i < 26 ? letters[i] : letters[i % 26] + shortName(Math.floor(i / 26) - 1);
  };
  while (at < bytes.length) {
    const sectionStart = at;
    const id = bytes[at++];
    const size = u32();
    const contentStart = at;
    if (id !== 2) {
      at = contentStart + size;
      continue;
    }
    const names = new Map();
    const parts = [];
    const count = u32();
    parts.push(leb(count));
    for (let i = 0; i < count; i++) {
      const from = name();
      const field = name();
      const descStart = at;
      const kind = bytes[at++];
      if (kind === 0) u32(); // a function: its type index
      else if (kind === 1) (at++, limits()); // a table: its element type, its limits
      else if (kind === 2) limits(); // a memory
      else if (kind === 3) at += 2; // a global: its type, its mutability
      else if (kind === 4) (at++, u32()); // a tag: its attribute, its type index
      else throw new Error(`post-build: import kind ${kind} is not one this script knows`);
      let renamed = field;
      if (isLoader(from)) {
        renamed = shortName(names.size);
        names.set(field, renamed);
      }
      for (const text of [from, renamed]) {
        const encoded = Buffer.from(text, "utf8");
        parts.push(leb(encoded.length), encoded);
      }
      parts.push(bytes.subarray(descStart, at));
    }
    if (at !== contentStart + size) throw new Error("post-build: the import section was not read to its end");
    const content = Buffer.concat(parts);
    const out = Buffer.concat([
      bytes.subarray(0, sectionStart),
      Buffer.from([2]),
      leb(content.length),
      content,
      bytes.subarray(contentStart + size),
    ]);
    return { bytes: out, names };
  }
  return { bytes, names: new Map() };
}
