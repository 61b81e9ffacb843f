// Generated scenarios, for hunting the differences between the core and the
// real browsers beyond the goldens: each is a page on app.example.com that
// fetches api.example.com with a random pick of method, headers, mode,
// credentials and redirect mode, and a server that answers the preflight
// and the request with a random pick of CORS headers, statuses and
// redirects. The same seed gives the same scenarios.
//
//   node tests/agreement/generate.mjs OUT_DIR [COUNT] [SEED]
//   node tests/agreement/run.mjs --browser webkit OUT_DIR
//
// A difference found this way is modelled (with a golden scenario that
// shows it) or listed in the browser's known-differences file.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [out, countArg = "200", seedArg = "1"] = process.argv.slice(2);
if (!out) {
  console.error("usage: node tests/agreement/generate.mjs OUT_DIR [COUNT] [SEED]");
  process.exit(2);
}

// A small deterministic generator (mulberry32), so that a run can be repeated.
let state = Number(seedArg) >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const maybe = (p) => random() < p;

const PAGE = "https://app.example.com";
const API = "https://api.example.com";
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "patch", "OPTIONS", "HEAD", "get", "Post"];
const REQUEST_HEADERS = [
  ["Content-Type", "application/json"],
  ["Content-Type", "text/plain"],
  ["Content-Type", "text/plain;charset=utf-8;"],
  ["Content-Type", "multipart/form-data; boundary=x"],
  ["X-Request-Id", "7"],
  ["x-custom", "a"],
  ["Authorization", "Bearer t"],
  ["Accept", "application/json"],
  ["Accept-Language", "en"],
  ["Range", "bytes=0-99"],
  ["Range", "Bytes=0-"],
  ["Range", "bytes=-5"],
  ["Cache-Control", "no-cache"],
  ["Save-Data", "on"],
  ["DPR", "2"],
];
const ALLOW_ORIGIN = [null, `${PAGE}`, `${PAGE}/`, "*", "null", `${PAGE}, ${PAGE}`, "https://APP.example.com", " https://app.example.com", "https://evil.example"];
const ALLOW_LIST = [null, "*", "", "GET, PUT", "PUT,DELETE", "patch", "PATCH", ",PUT", "PUT,,DELETE", "PU T", "content-type", "Content-Type, X-Request-Id", "x-request-id,authorization", "*, Authorization", "range"];
const STATUSES = [200, 204, 201, 206, 301, 302, 307, 400, 403, 404, 500];

function corsHeaders(preflight) {
  const headers = [];
  const origin = pick(ALLOW_ORIGIN);
  if (origin !== null) headers.push(["Access-Control-Allow-Origin", origin]);
  if (maybe(0.3)) headers.push(["Access-Control-Allow-Credentials", pick(["true", "True", "false"])]);
  if (preflight) {
    const methods = pick(ALLOW_LIST);
    if (methods !== null) headers.push(["Access-Control-Allow-Methods", methods]);
    const names = pick(ALLOW_LIST);
    if (names !== null) headers.push(["Access-Control-Allow-Headers", names]);
    if (maybe(0.3)) headers.push(["Access-Control-Max-Age", pick(["600", "0", "-1", "+60", "7200"])]);
  } else if (maybe(0.4)) {
    headers.push(["Access-Control-Expose-Headers", pick(["*", "X-Total", "x-total, content-length", ""])]);
    headers.push(["X-Total", "3"]);
  }
  return headers;
}

mkdirSync(out, { recursive: true });
for (let i = 0; i < Number(countArg); i++) {
  const request = { url: `${API}/items/${i}`, method: pick(METHODS) };
  const headers = [];
  for (let n = Math.floor(random() * 3); n > 0; n--) headers.push(pick(REQUEST_HEADERS));
  if (headers.length) request.headers = headers;
  if (maybe(0.25)) request.credentials = "include";
  if (maybe(0.1)) request.mode = "no-cors";
  if (maybe(0.1)) request.redirect = pick(["manual", "error"]);
  const server = [];
  if (maybe(0.8)) server.push({ method: "OPTIONS", status: pick([200, 204, 204, 204, 404, 301]), headers: corsHeaders(true) });
  const status = pick(STATUSES);
  const main = { status, headers: corsHeaders(false) };
  if (status >= 300 && status < 400) {
    const target = maybe(0.5) ? `${API}/moved/${i}` : `https://cdn.example.net/moved/${i}`;
    main.headers.push(["Location", target]);
    server.push(main, { url: target, status: 200, headers: corsHeaders(false) });
  } else {
    server.push(main);
  }
  const scenario = { version: 1, title: `generated ${seedArg}-${i}`, page: `${PAGE}/`, request, server };
  writeFileSync(join(out, `gen-${seedArg}-${String(i).padStart(4, "0")}.json`), `${JSON.stringify(scenario, null, 2)}\n`);
}
console.log(`${countArg} scenarios in ${out}`);
