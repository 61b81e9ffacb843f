// Trunk's post-build hook (Trunk.toml). On every build it makes the JS
// loader start the app; on release builds it also makes the first load
// smaller without changing what runs, and ready for a static host.
//
// - The loader starts the app itself: index.html's one script is the loader,
//   whose name carries a content hash like every file but index.html, so a
//   warm load needs no request for it (a separate start script would have a
//   fixed name, and be revalidated on every visit). The CSP forbids inline
//   scripts, hence a file at all.
// - wasm-bindgen names each import of the wasm module after the function
//   it binds plus a hash (`__wbg_addEventListener_6a5b...`), and the JS
//   loader defines each under the same name: both files carry every name.
//   They become short names (`a`, `b`, ... `a0`), in both files alike.
// - The loader is minified with terser, which Trunk's own minifier cannot
//   do (it stops at `export default`).
// - index.html's preload links get the new files' integrity hashes, so
//   that the browser still checks what it loads.
// - The import worker's three files get a content hash in their names, as
//   Trunk gives every other file but index.html, so that a static host can
//   serve them as immutable and a page never meets a worker of another
//   build; index.html names the loader in `<meta name="corsim-worker">`,
//   where the app looks for it (crates/web/src/worker.rs), without loading it.
// - Every file gets a `.gz` (`gzip -9`) and a `.br` (brotli, quality 11)
//   copy beside it, for a static host or `corsim serve` to send as they are
//   (README, "Deploying"): compressing at the highest levels once, here,
//   costs a second or two; a server doing it per request would use far
//   lower levels.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";
import { minify } from "terser";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("post-build: TRUNK_STAGING_DIR is not set: run me as Trunk's post_build hook");
  process.exit(2);
}
const release = process.env.TRUNK_PROFILE === "release";

const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
const indexPath = join(dir, "index.html");
let index = readFileSync(indexPath, "utf8");
const replaceIntegrity = (before, after, name) => {
  if (!index.includes(sri(before))) throw new Error(`post-build: index.html has no integrity for ${name}`);
  index = index.replace(sri(before), sri(after));
};

// The main module's loader is the page's one module script (Trunk.toml's
// pattern_script), its wasm beside it. dist/ holds the import worker's
// files too (index.html), which no first load fetches and whose loader is
// wasm-bindgen's no-modules one, a different shape: they are only
// compressed.
const moduleScript = (index.match(/<script[^>]*>/g) ?? []).find((tag) => /type="?module/.test(tag));
const src = moduleScript?.match(/src="?([^"\s>]+)/);
if (!src) throw new Error("post-build: index.html has no module script");
const jsName = src[1].split("/").pop();
const wasmName = jsName.replace(/\.js$/, "_bg.wasm");
const files = readdirSync(dir);
if (!files.includes(wasmName) || !files.includes(jsName)) {
  throw new Error(`post-build: ${wasmName} or ${jsName} is not in ${dir}`);
}

const wasm = readFileSync(join(dir, wasmName));
let js = readFileSync(join(dir, jsName), "utf8");
const source = js;

// The start: wasm-bindgen's `init` fetches the module named after the
// loader's name before Trunk hashed it, so it is given the hashed name,
// relative to the loader as the preload link's is to the page.
const init = (/^export \{[^}]*\b(\w+) as default\b[^}]*\};?$/m.exec(js) ?? /^export default (\w+);$/m.exec(js))?.[1];
if (!init) throw new Error(`post-build: ${jsName} exports no default \`init\``);
js += `\n// Start the app (scripts/post-build.mjs).\nawait ${init}({ module_or_path: new URL(${JSON.stringify(wasmName)}, import.meta.url) });\n`;

let renamedWasm = wasm;
if (release) {
  // wasm-bindgen's loader hands the module one import object, under the
  // name of its `_bg.js` module.
  const renamed = renameImports(wasm, (module) => module.endsWith("_bg.js"));
  renamedWasm = renamed.bytes;
  for (const [long, short] of renamed.names) {
    // Each name is defined once in the loader, as a key of the import object.
    const uses = js.split(long).length - 1;
    if (uses !== 1 || !js.includes(`${long}: function`)) {
      throw new Error(`post-build: ${long} is not defined once as a key in ${jsName}`);
    }
    js = js.replace(`${long}: function`, `${short}: function`);
  }
  const { code } = await minify(js, { module: true, compress: { passes: 2 }, mangle: true });
  if (!code) throw new Error(`post-build: terser gave nothing for ${jsName}`);
  js = code;
  writeFileSync(join(dir, wasmName), renamedWasm);
  replaceIntegrity(wasm, renamedWasm, wasmName);
  console.log(`post-build: ${renamed.names.size} imports renamed; ${wasmName} ${wasm.length} → ${renamedWasm.length} bytes`);
}
writeFileSync(join(dir, jsName), js);
replaceIntegrity(source, js, jsName);
hashWorker();
writeFileSync(indexPath, index);
console.log(`post-build: ${jsName} ${source.length} → ${js.length} bytes, starts the app`);

if (release) {
  for (const path of filesUnder(dir)) {
    const bytes = readFileSync(path);
    writeFileSync(`${path}.gz`, gzip9(bytes));
    writeFileSync(
      `${path}.br`,
      brotliCompressSync(bytes, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }),
    );
  }
  console.log("post-build: .gz and .br copies written");
}

/**
 * The worker's files renamed after their content (Trunk names them after the
 * binary), its loader rewritten to load them, and the loader's name put in
 * index.html for the app.
 */
function hashWorker() {
  const name = "corsim-import-worker";
  const hash = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  const js = readFileSync(join(dir, `${name}.js`));
  const wasm = readFileSync(join(dir, `${name}_bg.wasm`));
  const loader = readFileSync(join(dir, `${name}_loader.js`), "utf8");
  const stem = `${name}-${hash(Buffer.concat([js, wasm]))}`;
  const rewritten = loader.replace(`./${name}.js`, `./${stem}.js`).replace(`./${name}_bg.wasm`, `./${stem}_bg.wasm`);
  if (!rewritten.includes(`./${stem}.js`) || !rewritten.includes(`./${stem}_bg.wasm`)) {
    throw new Error(`post-build: ${name}_loader.js does not load ${name}.js and ${name}_bg.wasm`);
  }
  const loaderName = `${name}-loader-${hash(Buffer.from(rewritten))}.js`;
  renameSync(join(dir, `${name}.js`), join(dir, `${stem}.js`));
  renameSync(join(dir, `${name}_bg.wasm`), join(dir, `${stem}_bg.wasm`));
  unlinkSync(join(dir, `${name}_loader.js`));
  writeFileSync(join(dir, loaderName), rewritten);
  if (!index.includes("</head>")) throw new Error("post-build: index.html has no </head>");
  index = index.replace("</head>", `<meta name=corsim-worker content=${loaderName}></head>`);
  console.log(`post-build: the worker's files are ${stem}.js, ${stem}_bg.wasm and ${loaderName}`);
}

/** Every file under `root`, wasm-bindgen's snippets/ included. */
function filesUnder(root) {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * `bytes` gzipped by the `gzip` program at -9, with no name or time in the
 * header so that a build gives the same bytes; node's zlib (Chromium's fork)
 * compresses the wasm 2% worse (docs/size.md), so it is only the fallback.
 */
function gzip9(bytes) {
  const run = spawnSync("gzip", ["-9", "-n", "-c"], { input: bytes, maxBuffer: 256 << 20 });
  if (run.status === 0) return run.stdout;
  return gzipSync(bytes, { level: 9 });
}

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
