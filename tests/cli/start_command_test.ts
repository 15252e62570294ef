import assert from "node:assert/strict";
import { startCommand } from "../../cli/start_command.ts";

Deno.test("start --help says what an empty lake is backfilled with: a generated history", async () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(" "));
  try {
    assert.equal(await startCommand(["--help"]), 0);
  } finally {
    console.log = log;
  }
  const help = lines.join("\n");
  assert.doesNotMatch(help, /backfilled from data\/sample/);
  assert.match(help, /An empty lake is first backfilled with a generated 13-month history/);
});
