// The app's loader, a file so that the CSP needs no inline script (Trunk.toml).
const tag = document.querySelector("script[data-corsim-wasm]");
const { default: init } = await import(tag.dataset.corsimJs);
await init({ module_or_path: tag.dataset.corsimWasm });
