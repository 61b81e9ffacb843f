//! corsim: the web app's state and views and the command line's report, over
//! the decision core in `corsim-core`.
//!
//! Everything here but `ui` is plain Rust, built and tested natively; `ui` is
//! the Yew app, built for the browser only.

pub mod draft;
pub mod fix;
pub mod permalink;
pub mod presets;
pub mod report;
pub mod state;
pub mod views;

#[cfg(target_arch = "wasm32")]
pub mod ui;
