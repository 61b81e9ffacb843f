//! corsim's web app: the decision core compiled to WebAssembly behind a Yew
//! UI (`corsim_web`). Trunk builds it from `index.html` (`./dev serve`).

fn main() {
    corsim_web::run();
}
