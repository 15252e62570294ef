/**
 * Runs `replay` as the command line does on hostile input files, and reads back everything a run
 * leaves: every value of every lake Parquet file, every other lake file, stdout and stderr.
 *
 * @module
 */

import assert from "node:assert/strict";
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";

const MAIN = new URL("../../../main.ts", import.meta.url).pathname;

// Temp folders of this test module, removed when it ends.
const made: string[] = [];
globalThis.addEventListener("unload", () => {
  for (const dir of made) Deno.removeSync(dir, { recursive: true });
});

/** What one replay run left behind. */
export interface HostileRun {
  code: number;
  stdout: string;
  stderr: string;
  dir: string;
  lake: string;
}

/**
 * Writes `files` into a fresh temp folder and replays that folder into `<dir>/lake` with the
 * real command (`deno run main.ts replay`), so stdout and stderr are the ones a user sees.
 *
 * @param files File name → content.
 * @param args Extra replay options (`--format`, `--mapping`), or a function of the temp folder
 *   giving them (for a path under it).
 * @param extra Further files written beside the inputs' folder (a mapping file), by name.
 */
export async function replayHostile(
  files: Record<string, string | Uint8Array>,
  args: string[] | ((dir: string) => string[]) = [],
  extra: Record<string, string> = {},
): Promise<HostileRun> {
  const dir = await Deno.makeTempDir({ prefix: "privacy_hostile_" });
  made.push(dir);
  await Deno.mkdir(`${dir}/in`);
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === "string") await Deno.writeTextFile(`${dir}/in/${name}`, content);
    else await Deno.writeFile(`${dir}/in/${name}`, content);
  }
  for (const [name, content] of Object.entries(extra)) {
    await Deno.writeTextFile(`${dir}/${name}`, content);
  }
  const lake = `${dir}/lake`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MAIN,
      "replay",
      "--input",
      `${dir}/in`,
      "--lake",
      lake,
      ...(typeof args === "function" ? args(dir) : args),
    ],
    env: { SHOPEASE_ANON_KEY: "hostile-input-test-key-0123456789" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    stdout: text.decode(out.stdout),
    stderr: text.decode(out.stderr),
    dir,
    lake,
  };
}

/** Every value of every Parquet file under `root` as text, and the text of every other file. */
export async function lakeTexts(root: string): Promise<string[]> {
  const texts: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(root)];
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return texts;
    throw error;
  }
  for (const entry of entries) {
    const path = `${root}/${entry.name}`;
    // Tables and reports are links to their committed version (pipeline/lake/lake_versions.ts).
    if (entry.isDirectory || (entry.isSymlink && (await Deno.stat(path)).isDirectory)) {
      texts.push(...await lakeTexts(path));
    } else if (entry.name.endsWith(".parquet")) {
      const bytes = await Deno.readFile(path);
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      for (const row of await parquetReadObjects({ file, compressors })) {
        for (const value of Object.values(row)) {
          texts.push(value instanceof Date ? value.toISOString() : String(value));
        }
      }
    } else {
      texts.push(await Deno.readTextFile(path));
    }
  }
  return texts;
}

/** Reads every Parquet file of one lake table (all partitions) into rows. */
export async function tableRows(lake: string, table: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let partitions: Deno.DirEntry[];
  try {
    partitions = [...Deno.readDirSync(`${lake}/${table}`)];
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return rows;
    throw error;
  }
  for (const partition of partitions) {
    if (!partition.isDirectory) continue;
    for (const part of Deno.readDirSync(`${lake}/${table}/${partition.name}`)) {
      if (!part.name.endsWith(".parquet")) continue;
      const bytes = await Deno.readFile(`${lake}/${table}/${partition.name}/${part.name}`);
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      rows.push(...await parquetReadObjects({ file, compressors }));
    }
  }
  return rows;
}

/**
 * Asserts that none of `ids` appears in any lake value or file, in stdout or in stderr.
 *
 * @param run The run.
 * @param ids Raw ids as they stand in the input (and as they read once decoded).
 */
export async function assertNoRawIds(run: HostileRun, ids: readonly string[]): Promise<void> {
  const texts = [...await lakeTexts(run.lake), run.stdout, run.stderr];
  for (const id of ids) {
    const hit = texts.find((text) => text.includes(id));
    assert.equal(hit, undefined, `raw id ${JSON.stringify(id)} found in ${JSON.stringify(hit)}`);
  }
}

/** One table's counts from the summary: `input`, `valid`, `quarantined`. */
export interface Counts {
  input: number;
  valid: number;
  quarantined: number;
}

/**
 * Checks `input = valid + quarantined` for one table's single input file, from the printed
 * summary and again from the lake (rows of the table, quarantine rows of that source, each with
 * a reason), and that `input` is the number of records written.
 *
 * @param run The run.
 * @param table The table (its one input file).
 * @param expected The expected counts.
 */
export async function assertCounts(
  run: HostileRun,
  table: string,
  expected: Counts,
): Promise<void> {
  const match = run.stdout.match(
    new RegExp(`^${table}: input (\\d+) = valid (\\d+) \\+ quarantined (\\d+)`, "m"),
  );
  assert.ok(match, `no summary line for ${table} in ${run.stdout}\n${run.stderr}`);
  const [input, valid, quarantined] = match.slice(1).map(Number);
  assert.deepEqual({ input, valid, quarantined }, expected, run.stdout);
  const rows = await tableRows(run.lake, table);
  const parked = (await tableRows(run.lake, "quarantine")).filter((row) => row.source === table);
  assert.equal(rows.length, valid, `${table} rows in the lake`);
  assert.equal(parked.length, quarantined, `${table} quarantine rows in the lake`);
  assert.ok(parked.every((row) => typeof row.reason === "string" && row.reason !== ""));
}
