// Generated scenarios, for hunting the differences between the core and the
// real browsers beyond the goldens: each is a page on app.example.com that
// fetches api.example.com with a random pick of method, headers, mode,
// credentials and redirect mode, and a server that answers the preflight
// and the request with a random pick of CORS headers, statuses and
// redirects. The same seed gives the same scenarios.
//
//   node tests/agreement/generate.mjs [--timelines] OUT_DIR [COUNT] [SEED]
//   node tests/agreement/run.mjs --browser webkit OUT_DIR
//
// With --timelines it writes version-2 documents instead: two or three
// requests of one page a few seconds apart, for what the browsers keep
// between requests: a preflight reused or not (Max-Age, a new method or
// header, credentials, another URL), a response stored by an image or a
// no-cors fetch and met again by a CORS request (Cache-Control, Vary), and
// each initiator (XHR, img, script, font) with a random pick of CORS headers.
//
// A difference found this way is modelled (with a golden scenario that
// shows it) or listed in the browser's known-differences file.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const argv = process.argv.slice(2);
const timelines = argv[0] === "--timelines";
const [out, countArg = "200", seedArg = "1"] = timelines ? argv.slice(1) : argv;
if (!out) {
  console.error("usage: node tests/agreement/generate.mjs [--timelines] OUT_DIR [COUNT] [SEED]");
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

// A single request of a version-1 document.
function oneRequest(i) {
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
  return { version: 1, title: `generated ${seedArg}-${i}`, page: `${PAGE}/`, request, server };
}

const LATER = [0.5, 1, 3, 6];
const MAX_AGE = [null, "0", "2", "600", "abc", "-1", "+3"];

// Two requests that may share a preflight.
function preflightReuse(i) {
  const url = `${API}/items/${i}`;
  const first = { url, method: pick(["PUT", "DELETE", "PATCH", "POST"]) };
  if (maybe(0.5)) first.headers = [["X-A", "1"]];
  if (maybe(0.3)) first.credentials = "include";
  const second = { ...first, at: pick(LATER) };
  const change = pick(["same", "header", "method", "credentials", "url"]);
  if (change === "header") second.headers = [...(first.headers ?? []), ["X-B", "2"]];
  if (change === "method") second.method = pick(["PUT", "DELETE", "PATCH"]);
  if (change === "credentials") second.credentials = first.credentials ? "same-origin" : "include";
  if (change === "url") second.url = `${url}?page=2`;
  const allow = (withCredentials) => {
    const headers = [["Access-Control-Allow-Origin", withCredentials || maybe(0.5) ? PAGE : "*"]];
    if (withCredentials || maybe(0.2)) headers.push(["Access-Control-Allow-Credentials", "true"]);
    headers.push(["Access-Control-Allow-Methods", pick(["PUT, DELETE, PATCH, POST", "*", first.method])]);
    headers.push(["Access-Control-Allow-Headers", pick(["X-A, X-B", "*", "X-A"])]);
    const age = pick(MAX_AGE);
    if (age !== null) headers.push(["Access-Control-Max-Age", age]);
    return headers;
  };
  const credentials = first.credentials === "include" || second.credentials === "include";
  const server = [{ method: "OPTIONS", status: 204, headers: allow(credentials) }];
  if (maybe(0.3)) {
    server[0].times = 1;
    server.push({ method: "OPTIONS", status: 204, headers: allow(credentials) });
  }
  server.push({ status: 200, headers: allow(credentials).filter(([n]) => !n.includes("Methods")) });
  return { version: 2, title: `generated ${seedArg}-${i} (${change})`, page: `${PAGE}/`, requests: [first, second], server };
}

// A response stored for one request and met again by a CORS request.
function storedResponse(i) {
  const url = `https://cdn.example.net/assets/${i}.png`;
  const first = pick([
    { initiator: "img", url },
    { initiator: "img", crossorigin: "anonymous", url },
    { url, mode: "no-cors" },
    { url },
  ]);
  const second = { at: pick(LATER), url };
  if (maybe(0.5)) second.credentials = "include";
  const cacheControl = pick(["max-age=600", "no-cache", "no-store", null]);
  const vary = maybe(0.5);
  const headers = (cors) => {
    const h = [["Content-Type", "image/png"]];
    if (cacheControl) h.push(["Cache-Control", cacheControl]);
    if (vary) h.push(["Vary", "Origin"]);
    if (cors) h.push(["Access-Control-Allow-Origin", PAGE], ["Access-Control-Allow-Credentials", "true"]);
    return h;
  };
  const server = [
    { url, times: 1, status: 200, headers: headers(maybe(0.3)) },
    { url, status: 200, headers: headers(true) },
  ];
  return { version: 2, title: `generated ${seedArg}-${i} (stored)`, page: `${PAGE}/`, requests: [first, second], server };
}

// One request of another initiator.
function initiator(i) {
  const kind = pick(["xhr", "img", "script", "font"]);
  const url = `https://cdn.example.net/assets/${i}`;
  const request = { initiator: kind, url };
  if (kind === "xhr" && maybe(0.4)) request.with_credentials = true;
  if ((kind === "img" || kind === "script") && maybe(0.7)) request.crossorigin = pick(["anonymous", "use-credentials"]);
  return { version: 2, title: `generated ${seedArg}-${i} (${kind})`, page: `${PAGE}/`, requests: [request], server: [{ url, status: pick([200, 200, 404]), headers: corsHeaders(false) }] };
}

mkdirSync(out, { recursive: true });
for (let i = 0; i < Number(countArg); i++) {
  const scenario = timelines ? pick([preflightReuse, storedResponse, initiator])(i) : oneRequest(i);
  writeFileSync(join(out, `gen-${seedArg}-${String(i).padStart(4, "0")}.json`), `${JSON.stringify(scenario, null, 2)}\n`);
}
console.log(`${countArg} ${timelines ? "timelines" : "scenarios"} in ${out}`);
