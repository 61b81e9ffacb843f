//! In the browser, UTS 46's mapping comes from the browser's own URL parser
//! (crates/idna-adapter); the hosts of `tests/idn/hosts.json` must still map
//! as the command line maps them.

use wasm_bindgen_test::wasm_bindgen_test;

#[path = "../../../tests/idn/hosts.rs"]
mod hosts;

#[wasm_bindgen_test]
fn hosts_map_to_ascii_as_in_the_command_line() {
    let wrong = hosts::mismatches();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
