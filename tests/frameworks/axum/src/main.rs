// Replaced by tests/frameworks/run.mjs with one module per scenario (each
// `include!`s a generated configuration) and a main that serves them all.
fn main() {}
