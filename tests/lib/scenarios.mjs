// The scenario files the suites run: the golden scenarios and the app's
// presets, as the Rust tests read them (tests/common/mod.rs, `json_files`).

import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";

import { ROOT } from "./corsim.mjs";

export const GOLDEN_DIR = join(ROOT, "tests/golden");
export const GOLDEN_V2_DIR = join(ROOT, "tests/golden-v2");
export const PRESETS_DIR = join(ROOT, "crates/app/src/presets");

/** The preset `id`'s scenario file. */
export const presetFile = (id) => join(PRESETS_DIR, `${id}.json`);

/** Every scenario file under `dir`, sorted, subdirectories included; verdicts left out. */
export function scenarioFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return scenarioFiles(path);
      return name.endsWith(".json") && !name.endsWith(".verdict.json") ? [path] : [];
    });
}

/** The files of `dir` as cases `{ id: "PREFIX/NAME", file }`. */
export const casesOf = (prefix, dir) => scenarioFiles(dir).map((file) => ({ id: `${prefix}/${basename(file, ".json")}`, file }));

/** Every golden scenario (`golden/NAME`), then every preset (`preset/NAME`). */
export const goldenAndPresets = () => [...casesOf("golden", GOLDEN_DIR), ...casesOf("preset", PRESETS_DIR)];

/** Every version-2 golden scenario (`golden-v2/NAME`): several requests over time, other initiators. */
export const goldenV2 = () => casesOf("golden-v2", GOLDEN_V2_DIR);
