//! corsim: the web app's state and views and the command line's report, over
//! the decision core in `corsim-core`.
//!
//! Everything here but `ui` is plain Rust, built and tested natively; `ui` is
//! the Yew app, built for the browser only.

pub mod course;
pub mod curl;
pub mod draft;
pub mod fetch_call;
pub mod fix;
pub mod lessons;
// Live mode: the scenario mapped onto `corsim serve`, run in the learner's browser.
pub mod live;
pub mod markup;
pub mod permalink;
pub mod presets;
pub mod report;
// The companion server (`corsim serve`): sockets and TLS, so native only.
#[cfg(not(target_arch = "wasm32"))]
pub mod serve;
pub mod server_config;
pub mod state;
pub mod views;

#[cfg(target_arch = "wasm32")]
pub mod ui;
