// Starts the app: imports the wasm-bindgen module and instantiates the wasm,
// whose hashed file names Trunk writes on this script's own tag (Trunk.toml,
// `pattern_script`). A file rather than Trunk's usual inline script, so that
// the Content-Security-Policy in index.html allows scripts from the app's own
// origin only: no 'unsafe-inline', and no hash that would change with every
// build.
const tag = document.querySelector("script[data-corsim-wasm]");
const { default: init } = await import(tag.dataset.corsimJs);
await init({ module_or_path: tag.dataset.corsimWasm });
