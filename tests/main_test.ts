import assert from "node:assert/strict";
import { tempDir } from "./temp_dir.ts";

// main.ts prints every error as `error: <message>` on one line, whatever the message holds: a
// path or a lake file can carry line breaks and terminal escapes.
const MAIN = new URL("../main.ts", import.meta.url).pathname;
const SAMPLE = new URL("../data/sample", import.meta.url).pathname;
const HOSTILE = "\x1b]0;pwned\x07\x1b[2J\nerror: second line";

async function run(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { SHOPEASE_ANON_KEY: "main-test-key-0123456789abcdef" },
    stdout: "null",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  return { code: out.code, lines: stderr.split("\n").filter((line) => line !== "") };
}

// deno-lint-ignore no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

Deno.test("a fatal error is one line with control characters escaped", async () => {
  await using dir = await tempDir({ prefix: "main_test_" });
  const lake = `${dir.path}/${HOSTILE}`;
  await Deno.writeTextFile(lake, "not a folder");
  const { code, lines } = await run("replay", "--input", SAMPLE, "--lake", lake);
  assert.equal(code, 1, lines.join("\n"));
  assert.deepEqual(lines, [
    `error: Cannot use ${dir.path}/\\u001b]0;pwned\\u0007\\u001b[2J error: second line as the ` +
    "lake: it is a file, not a folder",
  ]);
});

Deno.test("a usage error is one line with control characters escaped, then the hint", async () => {
  const { code, lines } = await run("replay", "--input", `/nonexistent/${HOSTILE}.csv`);
  assert.equal(code, 2, lines.join("\n"));
  assert.equal(lines.length, 2, lines.join("\n"));
  assert.doesNotMatch(lines[0], CONTROL);
  assert.match(lines[0], /^error: .*input not found: \/nonexistent\/\\u001b\]0;pwned/);
  assert.equal(lines[1], "Run 'deno task replay --help' for the options.");
});

Deno.test("services' usage errors are one line and the hint, as every command's", async () => {
  // They were the message without `error:`, then the whole help.
  for (
    const [args, message] of [
      [
        ["services", "restart"],
        'error: services expects one of up, down, status or env; got ["restart"]',
      ],
      [["services", "status", "--redis-port", "0"], "error: --redis-port must be at least 1; "],
      [["services", "env", "--dir", "x"], "error: services env takes no options "],
    ] as const
  ) {
    const { code, lines } = await run(...args);
    assert.equal(code, 2, lines.join("\n"));
    assert.equal(lines.length, 2, lines.join("\n"));
    assert.ok(lines[0].startsWith(message), lines[0]);
    assert.equal(lines[1], "Run 'deno task services --help' for the options.");
  }
});
