/**
 * `consume` into a live lake on a file system that fills up: at its claim, among its parts, at its
 * reports. Each run fails in one line naming the file and "No space left on device", exit 1; the
 * lake stays readable and its reports never count a row its tables lack; with room again, the
 * next run continues to the lake a clean run gives.
 *
 * Needs a small tmpfs, so root (or CAP_SYS_ADMIN); skipped with a message otherwise.
 */
import assert from "node:assert/strict";
import { readTable } from "../../../pipeline/lake/read_table.ts";
import { readReportJson } from "../../../pipeline/lake/report_writer.ts";
import { mountTmpfs } from "../../tmpfs_fixture.ts";
import {
  assertSameLake,
  cli,
  deleteTopics,
  liveLakeCase,
  replayLake,
  runConsume,
  SAMPLE,
} from "./live_lake_fixture.ts";

const fs = mountTmpfs("live_lake_disk_full_test", "64m");

function resize(size: string): void {
  const out = new Deno.Command("mount", { args: ["-o", `remount,size=${size}`, fs.mount] })
    .outputSync();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
}

/** The one error line of a run that ran out of room (progress lines aside). */
function assertOneLine(stderr: string, lake: string): void {
  const lines = stderr.trimEnd().split("\n").filter((line) => !line.startsWith("consume: "));
  assert.equal(lines.length, 1, `one error line expected, got:\n${stderr}`);
  assert.match(lines[0], new RegExp(`^error: Cannot .*${lake}/.*No space left on device`));
}

/** Every table reads, and the reports count no row its table lacks. */
async function assertReadable(lake: string): Promise<void> {
  let quality: { source: string; reason: string; count: number }[] = [];
  try {
    quality = await readReportJson(lake, "quality") as typeof quality;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error; // no reports yet
  }
  for (const table of ["activity", "transactions", "inventory", "reviews"]) {
    const rows = (await readTable(lake, table)).length;
    const valid = quality.find((r) => r.source === table && r.reason === "valid")?.count ?? 0;
    assert.ok(valid <= rows, `${table}: the reports count ${valid} rows, the table holds ${rows}`);
  }
}

Deno.test({
  name: "consume on a disk that fills up fails in one line and leaves a readable lake; with room " +
    "again it continues to the lake a clean run gives",
  ignore: !fs.ok,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const c = await liveLakeCase("lake-disk-full");
    try {
      const replay = replayLake(c.env);
      await cli(["produce", "--input", SAMPLE, "--topic-prefix", c.prefix, "--no-progress"], c.env);
      const lake = `${fs.mount}/lake`;
      // No room even for _lake.json: nothing of the claim is left in the lake.
      resize("64k");
      const filler = `${fs.mount}/filler`;
      await Deno.writeFile(filler, new Uint8Array(64 * 1024)).catch(() => {});
      const claim = await runConsume(c, lake, ["--until-caught-up"]);
      assert.equal(claim.code, 1, claim.stderr);
      assertOneLine(claim.stderr, lake);
      const left = [...Deno.readDirSync(lake)].map((entry) => entry.name);
      assert.ok(!left.some((name) => name.endsWith(".tmp")), `left in the lake: ${left}`);
      Deno.removeSync(filler);
      // The sample's lake takes about 29 MB: room runs out among the parts (3 MB), then at the
      // reports (12 MB), the second run continuing the first one's lake.
      for (const size of ["3m", "12m"]) {
        resize(size);
        const full = await runConsume(c, lake, ["--until-caught-up", "--max-records", "500"]);
        assert.equal(full.code, 1, `room for ${size}: ${full.stderr}`);
        assertOneLine(full.stderr, lake);
        await assertReadable(lake);
      }
      resize("64m");
      const done = await runConsume(c, lake, ["--until-caught-up"]);
      assert.equal(done.code, 0, done.stderr);
      await assertSameLake(lake, await replay);
    } finally {
      fs.remove();
      await deleteTopics(c);
    }
  },
});
