//! corsim-app: everything the web app and the command line compute from the
//! decision core, in plain Rust, the same natively and in the browser: the
//! scenario as the learner edits it, the app's state and reducer, permalinks,
//! presets, lessons and courses, the fix, one view model per panel, "Reproduce
//! it" (curl commands, the page's fetch() call, server configurations), live
//! mode's mapping onto `corsim serve`, and the command line's text report.
//!
//! It draws nothing and does no I/O: `corsim-web` renders its view models
//! with Yew, and the `corsim` binary prints them. docs/architecture.md says
//! where each concept lives.

pub mod course;
pub mod curl;
pub mod draft;
pub mod editor;
pub mod fetch_call;
pub mod fix;
pub mod import;
pub mod lessons;
pub mod live;
pub mod markup;
pub mod permalink;
pub mod prediction;
pub mod presets;
pub mod report;
pub mod server_config;
pub mod state;
pub mod timeline;
pub mod verdict_json;
pub mod views;
