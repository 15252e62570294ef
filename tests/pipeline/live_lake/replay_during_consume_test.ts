/**
 * `replay --replace` into a lake a running `consume` writes waits for it: it swapped the lake's
 * folder under the consume, which went on writing its parts and reports into the replay's tables
 * (both exit 0; the lake named the replay's dataset, held 35,082 activity rows of neither, and the
 * stream's reports).
 */
import assert from "node:assert/strict";
import { LAKE_TABLES } from "../../../pipeline/lake/lake_schema.ts";
import { listLiveParts } from "../../../pipeline/lake/live_part_index.ts";
import { readTable } from "../../../pipeline/lake/read_table.ts";
import { tempDir } from "../../temp_dir.ts";
import { consumeArgs, deleteTopics, liveLakeCase, ROOT, SAMPLE } from "./live_lake_fixture.ts";

function child(args: string[], env: Record<string, string>): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", ...args],
    cwd: ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function said(process: Deno.ChildProcess): Promise<{ code: number; text: string }> {
  const out = await process.output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, text };
}

Deno.test({
  name:
    "replay --replace into a lake a running consume writes waits for it, then replaces it whole",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const c = await liveLakeCase("lake-replace");
    await using temp = await tempDir({ prefix: "live-lake-replace-" });
    const lake = `${temp.path}/lake`;
    const input = `${temp.path}/input`;
    Deno.mkdirSync(input);
    Deno.copyFileSync(`${SAMPLE}/reviews.json`, `${input}/reviews.json`);
    try {
      const produce = child(["produce", "--input", SAMPLE, "--topic-prefix", c.prefix], c.env);
      const produced = await said(produce);
      assert.equal(produced.code, 0, produced.text);
      const consume = child([...consumeArgs(c, lake), "--max-records", "300"], c.env);
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if ((await Deno.lstat(`${lake}/reports`).catch(() => null)) !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const replay = child(
        ["replay", "--input", input, "--lake", lake, "--replace", "--no-progress"],
        c.env,
      );
      const early = await Promise.race([
        replay.status.then((status) => `replay ended (exit ${status.code})`),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 4000)),
      ]);
      consume.kill("SIGTERM");
      const stopped = await said(consume);
      const replayed = await said(replay);
      assert.equal(early, null, "the replay did not wait for the consume writing the lake");
      assert.equal(stopped.code, 0, stopped.text);
      assert.equal(replayed.code, 0, replayed.text);
      assert.match(replayed.text, /is writing this lake; waiting for it to finish/);
      // The replay's lake, whole: its dataset, its rows, no live part of the stream.
      const manifest = JSON.parse(Deno.readTextFileSync(`${lake}/_lake.json`));
      assert.equal(manifest.dataset.format, "shopease");
      for (const table of LAKE_TABLES) assert.deepEqual(listLiveParts(lake, table), [], table);
      assert.equal((await readTable(lake, "activity")).length, 0);
      assert.equal((await readTable(lake, "reviews")).length, 99);
    } finally {
      await deleteTopics(c);
    }
  },
});
