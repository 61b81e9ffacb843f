#!/usr/bin/env bash
# Installs what corsim's web build and tests need, and only what is missing:
# fast when everything is present, safe to run again, safe to run twice at once.
#
#   source scripts/ensure-tools.sh && corsim_ensure_tools   (what ./dev does)
#   scripts/ensure-tools.sh                                  (standalone)
#
# After it, PATH holds ~/.cargo/bin and node_modules/.bin (wasm-opt), which is
# where `trunk --offline` looks for wasm-bindgen and wasm-opt.
# Versions and the reasons for them: the comments below, and docs/architecture.md
# ("Building").

CORSIM_TRUNK_VERSION="0.21.14"
# Must equal the `wasm-bindgen` crate version pinned in Cargo.toml (`=0.2.130`).
CORSIM_WASM_BINDGEN_VERSION="0.2.130"
# binaryen's wasm-opt, pinned in package.json / package-lock.json.
CORSIM_WASM_OPT_VERSION="132"
# cargo-fuzz, for the short fuzz run of ./dev test (fuzz/run.sh).
CORSIM_CARGO_FUZZ_VERSION="0.13.2"

CORSIM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

_tools_log() { printf '\033[1m[tools]\033[0m %s\n' "$*" >&2; }

# Prints the output of `$1 --version`, or nothing when it is absent or fails.
_tools_version() {
    if command -v "$1" >/dev/null 2>&1; then
        "$1" --version 2>/dev/null | head -n 1 || true
    fi
}

_tools_need() {
    command -v "$1" >/dev/null 2>&1 || {
        _tools_log "error: '$1' is not installed; it is expected on every machine (see README)"
        return 1
    }
}

# Runs its arguments as root: directly when root (as in CI), through sudo otherwise.
_tools_as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        _tools_log "error: need root to run: $*"
        return 1
    fi
}

# Serializes installs so that two ./dev runs never `cargo install` the same tool at once.
_tools_locked() {
    local lock="${TMPDIR:-/tmp}/corsim-ensure-tools.lock"
    (
        flock 9
        "$@"
    ) 9>"$lock"
}

_tools_rust_target() {
    rustup target list --installed | grep -qx wasm32-unknown-unknown && return 0
    _tools_log "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
}

_tools_trunk() {
    [ "$(_tools_version trunk)" = "trunk $CORSIM_TRUNK_VERSION" ] && return 0
    _tools_log "installing trunk $CORSIM_TRUNK_VERSION (about 6 minutes on 2 cores)"
    cargo install --locked trunk --version "$CORSIM_TRUNK_VERSION"
}

_tools_wasm_bindgen() {
    [ "$(_tools_version wasm-bindgen)" = "wasm-bindgen $CORSIM_WASM_BINDGEN_VERSION" ] && return 0
    _tools_log "installing wasm-bindgen-cli $CORSIM_WASM_BINDGEN_VERSION (about 4 minutes)"
    # No --locked: its lock file names a crate version this registry lacks.
    cargo install wasm-bindgen-cli --version "$CORSIM_WASM_BINDGEN_VERSION"
}

# node_modules is current when its stamp holds the hash of package-lock.json.
_tools_node_modules() {
    local stamp="$CORSIM_ROOT/node_modules/.corsim-lock-sha256"
    local want
    want="$(sha256sum "$CORSIM_ROOT/package-lock.json" | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
        [ -x "$CORSIM_ROOT/node_modules/.bin/wasm-opt" ] &&
        [ -f "$CORSIM_ROOT/node_modules/ws/package.json" ] &&
        [ -f "$CORSIM_ROOT/node_modules/axe-core/axe.min.js" ] &&
        [ -f "$CORSIM_ROOT/node_modules/terser/package.json" ]; then
        return 0
    fi
    _tools_log "installing node_modules (npm ci: binaryen $CORSIM_WASM_OPT_VERSION for wasm-opt, ws for the Firefox suite)"
    (cd "$CORSIM_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
}

# cargo-fuzz (libFuzzer) from crates.io; it runs on the stable toolchain with
# RUSTC_BOOTSTRAP=1 (fuzz/run.sh). Measured: 3 min 48 s to build with the
# machine's 2 cores shared with other builds.
_tools_cargo_fuzz() {
    [ "$(cargo fuzz --version 2>/dev/null)" = "cargo-fuzz $CORSIM_CARGO_FUZZ_VERSION" ] && return 0
    _tools_log "installing cargo-fuzz $CORSIM_CARGO_FUZZ_VERSION (about 4 minutes)"
    cargo install --locked cargo-fuzz --version "$CORSIM_CARGO_FUZZ_VERSION"
}

# The browsers, from Debian: Chromium 156 and its driver (component, e2e and
# agreement tests), and Firefox ESR 153 (the Firefox agreement suite, driven
# over WebDriver BiDi: no geckodriver). Whatever is missing is installed in one
# apt-get run. On a fresh machine Firefox adds about 40 s to Chromium's
# install (80 MB to download, then unpacking); it shares all but two small
# libraries with Chromium.
#
# Safari's engine, WebKitGTK 2.50 (the WebKit agreement suite,
# tests/lib/webkit.mjs): its GObject bindings and python3-gi, for a driver
# run by Debian's python3, and Xvfb with xauth for xvfb-run, since a WebView
# needs a display. Without recommends: those are GStreamer's codecs, Mesa and
# a desktop portal, which pages that only call fetch() never use.
_tools_browsers() {
    local missing=() missing_webkit=()
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
    [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
    dpkg-query -W -f='${Status}' gir1.2-webkit2-4.1 2>/dev/null | grep -q "ok installed" || missing_webkit+=(gir1.2-webkit2-4.1)
    dpkg-query -W -f='${Status}' python3-gi 2>/dev/null | grep -q "ok installed" || missing_webkit+=(python3-gi)
    [ -x /usr/bin/xvfb-run ] || missing_webkit+=(xvfb)
    [ -x /usr/bin/xauth ] || missing_webkit+=(xauth)
    [ "${#missing[@]}" = 0 ] && [ "${#missing_webkit[@]}" = 0 ] && return 0
    _tools_log "installing ${missing[*]} ${missing_webkit[*]} (apt-get)"
    _tools_as_root env DEBIAN_FRONTEND=noninteractive apt-get update || return 1
    if [ "${#missing[@]}" != 0 ]; then
        _tools_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" || return 1
    fi
    if [ "${#missing_webkit[@]}" != 0 ]; then
        _tools_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing_webkit[@]}" || return 1
    fi
}

# The server frameworks of tests/frameworks/run.mjs that are not npm's (Express
# and cors are in package.json). From Debian: nginx; Go with rs/cors (the Go
# module proxy is not reachable here, Debian packages rs/cors 1.7); Jetty 9 and
# spring-web 4.3 (Maven Central is not reachable; Java 17 is on the machine).
# From PyPI, into target/frameworks/venv: Flask, flask-cors, Django and
# django-cors-headers, pinned in tests/frameworks/requirements.txt. Measured on
# a fresh machine: about 45 s of apt-get (Go is 28 s of it) and 15 s of pip.
CORSIM_FRAMEWORK_PACKAGES=(nginx-light golang-go golang-github-rs-cors-dev libspring-web-java libjetty9-java)

_tools_frameworks() {
    local missing=() package
    for package in "${CORSIM_FRAMEWORK_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
    done
    if [ "${#missing[@]}" != 0 ]; then
        _tools_log "installing ${missing[*]} (apt-get, for tests/frameworks)"
        _tools_as_root env DEBIAN_FRONTEND=noninteractive apt-get update &&
            _tools_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" ||
            return 1
    fi
    local venv="$CORSIM_ROOT/target/frameworks/venv"
    local stamp="$venv/.corsim-requirements-sha256" want
    want="$(sha256sum "$CORSIM_ROOT/tests/frameworks/requirements.txt" | cut -d' ' -f1)"
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
    _tools_log "installing Flask, flask-cors, Django and django-cors-headers (pip, into target/frameworks/venv)"
    rm -rf "$venv"
    python3 -m venv "$venv" &&
        "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$CORSIM_ROOT/tests/frameworks/requirements.txt" &&
        echo "$want" >"$stamp"
}

# Trunk runs `cargo build --offline`, so every crate of every target must be
# downloaded beforehand (the native steps never fetch the wasm-only ones).
_tools_crates() {
    (cd "$CORSIM_ROOT" && cargo fetch --quiet &&
        cargo fetch --quiet --manifest-path tests/frameworks/axum/Cargo.toml)
}

_tools_install_missing() {
    _tools_rust_target &&
        _tools_trunk &&
        _tools_wasm_bindgen &&
        _tools_node_modules &&
        _tools_cargo_fuzz &&
        _tools_browsers &&
        _tools_frameworks
}

_tools_check_versions() {
    local ok=0 got
    got="$(_tools_version trunk)"
    [ "$got" = "trunk $CORSIM_TRUNK_VERSION" ] || { _tools_log "error: trunk is '$got'"; ok=1; }
    got="$(_tools_version wasm-bindgen)"
    [ "$got" = "wasm-bindgen $CORSIM_WASM_BINDGEN_VERSION" ] || { _tools_log "error: wasm-bindgen is '$got'"; ok=1; }
    got="$(_tools_version wasm-opt)"
    case "$got" in
        "wasm-opt version $CORSIM_WASM_OPT_VERSION "*) ;;
        *) _tools_log "error: wasm-opt on PATH is '$got' ($(command -v wasm-opt))"; ok=1 ;;
    esac
    return "$ok"
}

corsim_ensure_tools() {
    local cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
    case ":$PATH:" in *":$cargo_bin:"*) ;; *) PATH="$cargo_bin:$PATH" ;; esac
    case ":$PATH:" in
        *":$CORSIM_ROOT/node_modules/.bin:"*) ;;
        *) PATH="$CORSIM_ROOT/node_modules/.bin:$PATH" ;;
    esac
    export PATH

    _tools_need cargo && _tools_need rustup && _tools_need npm && _tools_need flock || return 1
    _tools_locked _tools_install_missing || { _tools_log "error: installing tools failed"; return 1; }
    _tools_crates || { _tools_log "error: cargo fetch failed"; return 1; }
    _tools_check_versions
}

# Executed rather than sourced: install, and report.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    corsim_ensure_tools
    _tools_log "ready: $(_tools_version trunk), $(_tools_version wasm-bindgen), $(_tools_version wasm-opt), $(/usr/bin/chromium --version 2>/dev/null), $(/usr/bin/firefox-esr --version 2>/dev/null), WebKitGTK $(dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0 2>/dev/null)"
fi
