#!/usr/bin/env bash
# The smallest first load this stack allows (docs/size.md, "The floor"): three
# throw-away apps, built as the web app is (release profile, wasm-bindgen,
# wasm-opt -Oz), each of which puts corsim-core's verdict on screen and does
# nothing more:
#   yew           a Yew component: a text area with a scenario's JSON, and the
#                 verdict's outcome and console lines beneath it;
#   yew-no-idn    the same, with `idna_adapter` pinned to 1.0.0, its stub with
#                 no Unicode data (url then refuses every non-ASCII host);
#   core-only     no UI framework: the same text area and lines through two
#                 web-sys calls.
# It prints their gzip -9 sizes (wasm, and wasm-bindgen's JS loader), to
# compare with the 180 kB first-load target. A report run by hand, never by CI:
# it builds three apps (about 2 minutes on a quiet 2-core machine, in
# target/size-floor). Needs what ./dev test installs (the wasm target,
# wasm-bindgen, and wasm-opt in node_modules/.bin).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PATH:$root/node_modules/.bin"
export CARGO_TARGET_DIR="$root/target/size-floor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The web app's versions of wasm-bindgen and Yew (read from Cargo.toml), and
# its release profile (copied from there).
requirement() { sed -n "s/^$1 = \(.*\)$/\1/p" "$root/Cargo.toml" | head -n 1; }
bindgen=$(requirement wasm-bindgen)
yew=$(requirement yew)
manifest() {
  cat <<EOF
[package]
name = "floor"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
corsim-core = { path = "$root/crates/core" }
wasm-bindgen = $bindgen
$1

[profile.release]
opt-level = "z"
lto = true
codegen-units = 1
EOF
}

# The text the apps compute: the verdict's outcome and both console lines.
verdict_fn='fn verdict(json: &str) -> String {
    match corsim_core::scenario::Scenario::from_json(json) {
        Ok(scenario) => {
            let v = corsim_core::evaluate(&scenario);
            let line = |l: &Option<String>| l.clone().unwrap_or_default();
            format!("{}\n{}\n{}", v.outcome.as_str(), line(&v.console.chromium), line(&v.console.firefox))
        }
        Err(errors) => format!("{} errors in the scenario", errors.len()),
    }
}'

yew_main="$verdict_fn
use yew::prelude::*;

#[function_component]
fn App() -> Html {
    let text = use_state(|| include_str!(\"scenario.json\").to_string());
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    html! { <main><textarea value={(*text).clone()} {oninput} /><pre>{ verdict(&text) }</pre></main> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}"

core_main="$verdict_fn
use wasm_bindgen::prelude::*;

fn main() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    let (Ok(area), Ok(out)) = (doc.create_element(\"textarea\"), doc.create_element(\"pre\")) else { return };
    let Ok(area) = area.dyn_into::<web_sys::HtmlTextAreaElement>() else { return };
    area.set_value(include_str!(\"scenario.json\"));
    out.set_text_content(Some(&verdict(&area.value())));
    let _ = body.append_child(&area);
    let _ = body.append_child(&out);
    let input = area.clone();
    let on_input = Closure::<dyn FnMut()>::new(move || out.set_text_content(Some(&verdict(&input.value()))));
    area.set_oninput(Some(on_input.as_ref().unchecked_ref()));
    on_input.forget();
}"

yew_deps="yew = $yew
"'web-sys = { version = "0.3", features = ["HtmlTextAreaElement"] }'
core_deps='web-sys = { version = "0.3", features = ["Document", "Element", "HtmlElement", "HtmlTextAreaElement", "Node", "Window"] }'

# build NAME DEPS MAIN [cargo update arguments]
build() {
  local app="$work/$1"
  mkdir -p "$app/src"
  manifest "$2" >"$app/Cargo.toml"
  printf '%s\n' "$3" >"$app/src/main.rs"
  cp "$root/tests/contract-example.scenario.json" "$app/src/scenario.json"
  # The project's own versions of every crate they share.
  cp "$root/Cargo.lock" "$app/Cargo.lock"
  if [ $# -gt 3 ]; then (cd "$app" && cargo update --quiet "${@:4}"); fi
  (cd "$app" && cargo build --quiet --release --target wasm32-unknown-unknown)
  wasm-bindgen --target web --no-typescript --out-dir "$app/out" \
    "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/floor.wasm"
  wasm-opt -Oz --low-memory-unused "$app/out/floor_bg.wasm" -o "$app/out/opt.wasm"
  local wasm js
  wasm=$(gzip -9c "$app/out/opt.wasm" | wc -c)
  js=$(gzip -9c "$app/out/floor.js" | wc -c)
  awk -v app="$1" -v wasm="$wasm" -v js="$js" 'BEGIN {
    printf "| %s | %.1f kB | %.1f kB | **%.1f kB** |\n", app, wasm / 1000, js / 1000, (wasm + js) / 1000
  }'
}

echo "| app | wasm, gzip | JS, gzip | together |"
echo "|---|---:|---:|---:|"
build yew "$yew_deps" "$yew_main"
build yew-no-idn "$yew_deps" "$yew_main" -p idna_adapter --precise 1.0.0
build core-only "$core_deps" "$core_main"
echo "The target for the whole first load, HTML and CSS included: 180.0 kB."
