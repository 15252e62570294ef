/**
 * The options that choose how input files are read (`--format`, `--mapping`, `--header`,
 * `--translations`): one definition for every command that reads files (`replay`, `produce`).
 *
 * @module
 */

import { FORMAT_NAMES } from "../pipeline/formats/format_presets.ts";
import type { OptionSpec } from "../pipeline/options.ts";

/** Options of the source format, in help order (read by `prepareFormat`). */
export const FORMAT_OPTIONS: OptionSpec[] = [
  {
    name: "format",
    kind: "string",
    placeholder: "NAME",
    choices: FORMAT_NAMES,
    help: "input layout: a preset (see docs/FORMATS.md)",
    default: "shopease",
  },
  {
    name: "mapping",
    kind: "string",
    placeholder: "FILE",
    help: "a JSON mapping file for any other CSV/JSON layout (instead of --format)",
  },
  {
    name: "header",
    kind: "boolean",
    help: "CSV files start with a header row (default: detected per file)",
  },
  {
    name: "translations",
    kind: "string",
    placeholder: "FILE",
    help: "olist-products: category translation CSV (default: the one beside the input)",
  },
];
