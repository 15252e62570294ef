import assert from "node:assert/strict";
import { LAKE_SCHEMAS } from "../../../pipeline/lake/lake_schema.ts";
import { PartitionBuffer } from "../../../pipeline/lake/partition_buffer.ts";
import { readTable } from "../../../pipeline/lake/read_table.ts";
import type { PartJob } from "../../../pipeline/lake/part_job.ts";
import { WorkerPartWriter } from "../../../pipeline/lake/worker_part_writer.ts";
import { JOBS } from "../../../pipeline/lake/worker_state.ts";

function job(dir: string, name: string, raw = "{}"): PartJob {
  const rows = new PartitionBuffer(LAKE_SCHEMAS.quarantine, "date=__HIVE_DEFAULT_PARTITION__");
  rows.append([{ source: "s", position: name, reason: "late", raw, eventTime: 5 }], 0, 1);
  return {
    dir,
    name,
    reset: false,
    specs: LAKE_SCHEMAS.quarantine,
    columns: rows.drain(),
    rows: 1,
  };
}

Deno.test("WorkerPartWriter writes every submitted file before finish() returns", () => {
  const dir = Deno.makeTempDirSync({ prefix: "worker_part_writer_test_" });
  try {
    const parts = new WorkerPartWriter();
    for (let i = 0; i < 7; i++) parts.submit(job(dir, `part-0000${i}.parquet`));
    parts.finish();
    const names = [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
    assert.deepEqual(names, Array.from({ length: 7 }, (_, i) => `part-0000${i}.parquet`));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

/** Submits one job per `[name, raw]` to a new writer, finishes it, reads the files back. */
async function writeAndRead(
  files: [name: string, raw: string][],
): Promise<Record<string, unknown>[]> {
  const dir = Deno.makeTempDirSync({ prefix: "worker_part_writer_test_" });
  try {
    const parts = new WorkerPartWriter();
    for (const [name, raw] of files) parts.submit(job(`${dir}/t`, name, raw));
    parts.finish();
    return await readTable(dir, "t");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("WorkerPartWriter carries jobs through a full ring and grows it for a larger job", async () => {
  // 1 MB jobs with a 12 MB one every fourth: the 32 MB ring fills, wraps and waits; then one
  // job of 40 MB, larger than the ring.
  const sizes = [...Array.from({ length: 20 }, (_, i) => (i % 4 === 3 ? 12 : 1) << 20), 40 << 20];
  const raws = sizes.map((size, i) => String.fromCharCode(97 + i).repeat(size));
  const rows = await writeAndRead(raws.map((raw, i) => [`part-${1000 + i}.parquet`, raw]));
  assert.deepEqual(
    rows.map((row) => row.position),
    raws.map((_, i) => `part-${1000 + i}.parquet`),
  );
  rows.forEach((row, i) => assert.ok(row.raw === raws[i], `${row.position}: raw differs`));
});

Deno.test("WorkerPartWriter reuses the job places past JOBS jobs, in order", async () => {
  const names = Array.from({ length: 2 * JOBS + 5 }, (_, i) => `part-${10000 + i}.parquet`);
  const rows = await writeAndRead(names.map((name) => [name, name]));
  assert.deepEqual(rows.map((row) => [row.position, row.raw]), names.map((name) => [name, name]));
});

Deno.test("WorkerPartWriter reports a failed file with its path and cause, and stops writing", () => {
  const dir = Deno.makeTempDirSync({ prefix: "worker_part_writer_test_" });
  try {
    const parts = new WorkerPartWriter();
    Deno.writeTextFileSync(`${dir}/blocker`, "a file where the part's directory belongs");
    parts.submit(job(`${dir}/blocker`, "part-00000.parquet"));
    parts.submit(job(dir, "part-00001.parquet")); // accepted: job 0 may not have failed yet
    assert.throws(() => {
      for (let i = 2; i < 5; i++) parts.submit(job(dir, `part-0000${i}.parquet`));
      parts.finish();
    }, (error: Error) => {
      assert.match(error.message, new RegExp(`Cannot prepare lake directory ${dir}/blocker: `));
      assert.equal((error.cause as Error).name, "AlreadyExists");
      return true;
    });
    assert.throws(() => parts.finish(), /Cannot prepare lake directory/);
    const written = [...Deno.readDirSync(dir)].filter((entry) => entry.name.endsWith(".parquet"));
    assert.deepEqual(written, []);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("A lake writer that is never closed does not keep the process alive", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "worker_part_writer_test_" });
  try {
    const script = `${dir}/forgets_close.ts`;
    const lakeWriter = import.meta.resolve("../../../pipeline/lake/lake_writer.ts");
    Deno.writeTextFileSync(
      script,
      `import { LakeWriter } from "${lakeWriter}";
       const lake = new LakeWriter({ root: "${dir}/lake", maxRowsPerFile: 1 });
       const row = { source: "s", position: "p", reason: "late", raw: "{}", eventTime: 0 };
       lake.write({ table: "activity", records: [], quarantine: [row, row, row] });
       console.log("wrote without close");`,
    );
    const config = new URL("../../../deno.json", import.meta.url).pathname;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", "--config", config, script],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const timer = setTimeout(() => child.kill(), 20_000);
    const output = await child.output();
    clearTimeout(timer);
    assert.equal(new TextDecoder().decode(output.stdout).trim(), "wrote without close");
    assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
