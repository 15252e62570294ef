/**
 * Loads a mapping file (`--mapping <file.json>`) as a source format.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { createMappingDecoder } from "../../operators/decode_mapping.ts";
import type { Decoders } from "../../operators/decoder.ts";
import { UsageError } from "../options.ts";
import { checkMapping } from "./check_mapping.ts";
import type { SourceFormat } from "./source_format.ts";

/**
 * Reads and checks a mapping file and returns its source format: every input file feeds the
 * mapping's table, its CSV header is checked for every mapped column before reading, and its
 * decoder renames columns to canonical fields (see `createMappingDecoder`). The file format is
 * described in docs/FORMATS.md; {@linkcode checkMapping} lists what is rejected.
 *
 * @param path The mapping file.
 * @returns The source format.
 * @throws {UsageError} naming the file and the problem (unreadable, not JSON, wrong mapping).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile({ suffix: ".mapping.json" });
 * await Deno.writeTextFile(path, JSON.stringify({ table: "activity", header: true, fields: {
 *   Zeit: "event_time", Aktion: "event_type", Artikel: "product_id", Kunde: "user_id",
 *   Sitzung: "user_session" } }));
 * const format = await loadMapping(path);
 * assert.equal(format.table, "activity");
 * await Deno.remove(path);
 * ```
 */
export async function loadMapping(path: string): Promise<SourceFormat> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new UsageError(`cannot read mapping ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the text around the error, which may be data (ids).
    throw new UsageError(
      `mapping ${path} is not valid JSON (a mapping file is one JSON object; see ` +
        `docs/FORMATS.md)`,
      { cause: error },
    );
  }
  const { mapping, header, columns } = checkMapping(json, path);
  return {
    name: `mapping ${path}`,
    // Of the parsed file: the same mapping, spaced or indented otherwise, has the same label.
    label: `mapping:${
      createHash("sha256").update(JSON.stringify(json)).digest("hex").slice(0, 12)
    }`,
    table: mapping.table,
    header,
    columns,
    requiredColumns: mapping.fields.map(([source]) => source),
    companions: [],
    decoders: () => ({ [mapping.table]: createMappingDecoder(mapping) }) as Partial<Decoders>,
  };
}
