//! corsim-web: the Yew app, built for the browser only. One component per
//! file, each drawing a view model from `corsim_app::views` and sending
//! `corsim_app::state::Action`s; none holds CORS logic of its own.

mod app;
mod browser;
mod code_spans;
mod console_panel;
mod course_builder;
mod debug_panel;
mod exercise_panel;
mod explanation_panel;
mod field;
mod fix_panel;
mod glossary;
mod header_list;
mod intro;
mod json_panel;
mod later;
mod lesson_panel;
mod live;
mod live_panel;
mod notice;
mod origin_panel;
mod page_editor;
mod preset_picker;
mod reproduce_panel;
mod request_editor;
mod script_panel;
mod server_editor;
mod store;
mod timeline_editor;
mod timeline_results;
mod top_bar;
mod verdict_bar;
mod verdict_panel;
mod worker;

pub fn run() {
    yew::Renderer::<app::App>::new().render();
}
pub mod diagram;

#[cfg(test)]
mod idn_tests;
#[cfg(test)]
mod tests;
