// Where the suites find this checkout and the corsim CLI they run. None of
// them builds it: ./dev builds it first.

import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const TARGET = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(ROOT, "target");

/** The CLI: $CORSIM_BIN, else the build of `profile` in the target directory. */
export const corsimBin = (profile = "debug") => process.env.CORSIM_BIN || join(TARGET, profile, "corsim");

/**
 * The command and leading arguments that run the CLI: the debug build when
 * there is one, else `cargo run` (run it with `cwd: ROOT`).
 */
export function corsimCommand() {
  const bin = corsimBin();
  return existsSync(bin) ? [bin, []] : ["cargo", ["run", "--quiet", "--bin", "corsim", "--"]];
}
