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

/** One line, no character a terminal would act on. */
function assertOneLine(stderr: string): void {
  assert.equal(stderr.split("\n").filter((line) => line !== "").length, 1, stderr);
  // deno-lint-ignore no-control-regex -- control characters are what it looks for
  assert.doesNotMatch(stderr.slice(0, -1), /[\u0000-\u001f\u007f-\u009f]/, stderr);
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

Deno.test("replay refuses a lake whose _lake.json has a newer version, with or without --replace, and leaves it", () =>
  withLake(async (lake, manifest) => {
    const text = JSON.stringify({ version: 99, dataset: { format: "shopease", inputs: [] } });
    await Deno.writeTextFile(manifest, text);
    for (const args of [[], ["--replace"]]) {
      const out = await replayCli(lake, ...args);
      assert.equal(out.code, 1, out.err);
      assert.equal(
        out.err,
        `error: ${manifest} has version 99, newer than the 1 this ShopEase Stream supports: a ` +
          "newer release wrote this lake (run that release, or give another --lake)\n",
      );
    }
    assert.equal(await Deno.readTextFile(manifest), text);
  }));

Deno.test("replay's errors about a hostile _lake.json are one line, with its control characters escaped", () =>
  withLake(async (lake, manifest) => {
    const format = "shopease\nerror: second line \x1b]0;pwned\x07\x1b[31mRED";
    await Deno.writeTextFile(
      manifest,
      JSON.stringify({ version: 1, dataset: { format, inputs: ["/x/a.csv"] } }),
    );
    const other = await replayCli(lake);
    assert.equal(other.code, 2, other.err);
    assertOneLine(other.err);
    assert.match(
      other.err,
      /already holds another dataset \(shopease\\nerror: second line \\u001b\]0;pwned\\u0007\\u001b\[31mRED: 1 file in \/x\); /,
    );
    // Not JSON: V8's message quotes the text, which must not reach the terminal (or a log).
    await Deno.writeTextFile(manifest, "\x1b]0;pwned\x07\x1b[2J");
    const broken = await replayCli(lake);
    assert.equal(broken.code, 1, broken.err);
    assertOneLine(broken.err);
    assert.doesNotMatch(broken.err, /pwned/);
  }));
