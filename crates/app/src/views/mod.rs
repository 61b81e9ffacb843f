//! View models: what each panel of the app shows, computed from the state by
//! plain functions, so that the components only draw them.

pub mod browsers;
pub mod diagram;
pub mod diagram_markup;
pub mod exercise;
pub mod explanation;
pub mod glossary;
pub mod header_warnings;
pub mod live_view;
pub mod origin_table;
pub mod problems;
pub mod reproduce;
pub mod script_view;
pub mod server_panels;
pub mod timeline;
pub mod verdict_summary;
