/**
 * Chooses the source format of a run from `--format` / `--mapping`, groups the inputs by table
 * accordingly, and checks them before anything is read.
 *
 * @module
 */

import { resolve } from "node:path";
import type { TableName } from "../../operators/types.ts";
import { UsageError } from "../options.ts";
import { groupInputs } from "../sources/group_inputs.ts";
import { checkHeaders } from "./check_headers.ts";
import { FORMAT_NAMES, FORMAT_PRESETS } from "./format_presets.ts";
import { loadMapping } from "./load_mapping.ts";
import type { SourceFormat } from "./source_format.ts";

/** The format options of a command; `undefined` where the user gave none. */
export interface FormatChoice {
  /** `--format`: a preset name (default `shopease`). */
  format?: string;
  /** `--mapping`: a mapping file. */
  mapping?: string;
  /** `--header` / `--no-header`: force the CSV header row on or off. */
  header?: boolean;
  /** `--translations`: the Olist category translation table. */
  translations?: string;
}

/** The format of a run and its input files per table. */
export interface PreparedFormat {
  format: SourceFormat;
  inputs: Map<TableName, string[]>;
}

/**
 * Resolves the format and the inputs of a run: a preset or a mapping file (not both); every
 * input file goes to the format's table when it has one (file names like `2010-12-01.csv` say
 * nothing), else to the table its name says; the format's companion files (the Olist translation
 * table) are dropped from the inputs; `header` overrides the format's header setting; and every
 * CSV input's first row is checked against the columns the format needs. All of this happens
 * before any data is read, so a wrong mapping or a wrong file stops the run at once.
 *
 * @param choice The format options.
 * @param inputArgs Files, folders and globs.
 * @returns The format and the files per table.
 * @throws {UsageError} naming the problem: both options, an unknown preset, a bad mapping, a
 * missing input, a header that lacks a needed column.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const folder = new URL("../../data/real/online-retail/", import.meta.url).pathname;
 * const { format, inputs } = await prepareFormat({ format: "online-retail" }, [folder]);
 * assert.equal(format.table, "transactions");
 * assert.equal(inputs.get("transactions")?.length, 5); // the folder's five CSV files
 * ```
 */
export async function prepareFormat(
  choice: FormatChoice,
  inputArgs: readonly string[],
): Promise<PreparedFormat> {
  let format: SourceFormat;
  let inputs: Map<TableName, string[]>;
  if (choice.mapping !== undefined) {
    if (choice.format !== undefined) {
      throw new UsageError(`use --format or --mapping, not both (got --format ${choice.format})`);
    }
    if (choice.translations !== undefined) {
      throw new UsageError("--translations applies to --format olist-products only");
    }
    format = await loadMapping(choice.mapping);
    inputs = await groupInputs(inputArgs, format.table);
  } else {
    const name = choice.format ?? "shopease";
    const preset = FORMAT_PRESETS[name];
    if (preset === undefined) {
      throw new UsageError(
        `unknown format ${JSON.stringify(name)} (expected ${FORMAT_NAMES.join(", ")})`,
      );
    }
    inputs = await groupInputs(inputArgs, preset.table);
    format = await preset.load({
      files: [...inputs.values()].flat(),
      translations: choice.translations,
    });
  }
  inputs = withoutCompanions(inputs, format);
  if (choice.header !== undefined) {
    if (!choice.header && format.columns === undefined && format.table !== undefined) {
      throw new UsageError(
        `--no-header needs the file's column names: give "columns" (with "header": false) in ` +
          `the mapping`,
      );
    }
    format = { ...format, header: choice.header };
  }
  for (const [table, files] of inputs) await checkHeaders(format, table, files);
  return { format, inputs };
}

function withoutCompanions(
  inputs: Map<TableName, string[]>,
  format: SourceFormat,
): Map<TableName, string[]> {
  if (format.companions.length === 0) return inputs;
  const skip = new Set(format.companions.map((path) => resolve(path)));
  const out = new Map<TableName, string[]>();
  for (const [table, files] of inputs) {
    const kept = files.filter((file) => !skip.has(resolve(file)));
    if (kept.length > 0) out.set(table, kept);
  }
  if (out.size === 0) {
    throw new UsageError(
      `no input files for ${format.name} besides ${format.companions.join(", ")}`,
    );
  }
  return out;
}
