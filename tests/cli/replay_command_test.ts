import assert from "node:assert/strict";
import { makeFifo } from "../fifo_fixture.ts";
import { replayChild } from "../hostile/run_replay.ts";
import { tempDir } from "../temp_dir.ts";

// What `replay` says of a damaged `_lake.json`: one line, exit 1 (2 for a refused dataset),
// never a hang, never the file's text or a control character reaching the terminal.
const SAMPLE = new URL("../../data/sample", import.meta.url).pathname;

/** A lake that holds data (a report) and, at `_lake.json`, whatever the test puts there. */
async function withLake(test: (lake: string, manifest: string) => Promise<void>): Promise<void> {
  await using dir = await tempDir({ prefix: "replay_command_" });
  await Deno.mkdir(`${dir.path}/lake/reports`, { recursive: true });
  await Deno.writeTextFile(`${dir.path}/lake/reports/summary.json`, "[]");
  await test(`${dir.path}/lake`, `${dir.path}/lake/_lake.json`);
}

async function replayCli(lake: string, ...args: string[]): Promise<{ code: number; err: string }> {
  // A hang fails the test (with the status of a kill) instead of holding it for ever.
  const out = await replayChild({ inputs: [SAMPLE], lake, args, timeoutMs: 60_000 });
  return { code: out.code, err: out.stderr };
}

Deno.test("replay with a FIFO at _lake.json fails in one line at once; with --replace it starts the lake afresh", () =>
  withLake(async (lake, manifest) => {
    await makeFifo(manifest);
    const refused = await replayCli(lake);
    assert.equal(refused.code, 1, refused.err);
    assert.equal(
      refused.err,
      `error: Cannot read ${manifest}: not a regular file (a FIFO); pass --replace to start ` +
        `${lake} afresh, or repair the file\n`,
    );
    const replaced = await replayCli(lake, "--replace");
    assert.equal(replaced.code, 0, replaced.err);
    assert.equal(JSON.parse(await Deno.readTextFile(manifest)).dataset.format, "shopease");
  }));
