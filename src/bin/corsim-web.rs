//! corsim's web app: the decision core compiled to WebAssembly behind a Yew UI
//! (`corsim::ui`). Trunk builds it from `index.html` (`./dev serve`).

#[cfg(target_arch = "wasm32")]
fn main() {
    corsim::ui::run();
}

/// The native build of this binary only says where the app really lives, so
/// that `cargo build` and `cargo test` can build every binary of the package.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("corsim-web is corsim's browser app; it runs as WebAssembly, not natively.");
    println!("Serve it with `./dev serve` (http://127.0.0.1:8080/), or build it with `trunk build --release`.");
    println!("For the command line, run `cargo run --release --bin corsim -- check --json SCENARIO.json`.");
}
