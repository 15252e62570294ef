/**
 * Measures CSV ingest speed: `deno run -A bench/bench_csv.ts [rows] [runs]`.
 *
 * Writes REES46-like activity rows (2% with a quoted field) to a temporary file, then reads it
 * with {@linkcode fileSource} (1 MiB reads, UTF-8 decoding, splitting into raw records with
 * fields, raw text and positions) and reports rows per second of wall time and of process CPU
 * time, which is steadier on a shared machine. The file is removed afterwards.
 *
 * @module
 */

import process from "node:process";
import { fileSource } from "../pipeline/sources/file_source.ts";

/** One timed pass over the file. */
export interface CsvBenchRun {
  rows: number;
  rowsPerSecond: number;
  rowsPerCpuSecond: number;
}

/**
 * Generates `rows` activity rows and times `runs` passes of the file source over them.
 *
 * @param rows Data rows to generate. Default 1,000,000.
 * @param runs Timed passes (the first includes JIT warm-up). Default 3.
 * @returns One entry per pass.
 */
export async function benchCsv(rows = 1_000_000, runs = 3): Promise<CsvBenchRun[]> {
  const path = await Deno.makeTempFile({ prefix: "activity-bench-", suffix: ".csv" });
  try {
    await writeRows(path, rows);
    const results: CsvBenchRun[] = [];
    for (let run = 0; run < runs; run++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      let n = 0;
      for await (const batch of fileSource({ table: "activity", paths: [path] })) {
        n += batch.records.length;
      }
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      results.push({
        rows: n,
        rowsPerSecond: n / seconds,
        rowsPerCpuSecond: n / ((used.user + used.system) / 1e6),
      });
    }
    return results;
  } finally {
    await Deno.remove(path);
  }
}

async function writeRows(path: string, rows: number): Promise<void> {
  using file = await Deno.open(path, { write: true, truncate: true });
  const encoder = new TextEncoder();
  const types = ["view", "cart", "remove_from_cart", "purchase"];
  let text = "event_time,event_type,product_id,category_id,category_code,brand,price,user_id," +
    "user_session\n";
  for (let i = 0; i < rows; i++) {
    const second = String(i % 60).padStart(2, "0");
    const code = i % 50 === 0 ? '"electronics, smartphone"' : "electronics.smartphone";
    text += `2019-10-01 00:00:${second} UTC,${types[i % 4]},${1000000 + (i % 5000)},` +
      `2053013555631882655,${code},samsung,${(i % 100000) / 100},${500000000 + (i % 70000)},` +
      `${crypto.randomUUID()}\n`;
    if (text.length > 1 << 20) {
      await file.write(encoder.encode(text));
      text = "";
    }
  }
  await file.write(encoder.encode(text));
}

if (import.meta.main) {
  const rows = Number(Deno.args[0] ?? 1_000_000);
  const runs = Number(Deno.args[1] ?? 3);
  for (const run of await benchCsv(rows, runs)) {
    console.log(
      `${run.rows} rows: ${(run.rowsPerSecond / 1e6).toFixed(2)} M rows/s wall, ` +
        `${(run.rowsPerCpuSecond / 1e6).toFixed(2)} M rows per CPU second`,
    );
  }
}
