import assert from "node:assert/strict";
import { UsageError } from "../../../pipeline/options.ts";
import { parseSpike, runSimulateCommand } from "../../../dev/simulator/run_simulate_command.ts";

Deno.test("parseSpike() reads TYPE:FACTOR@OFFSET[+LENGTH] with a 2-minute default length", () => {
  assert.deepEqual(parseSpike("purchase:5@2m+3m"), {
    eventType: "purchase",
    factor: 5,
    at: 120_000,
    minutes: 3,
  });
  assert.deepEqual(parseSpike("view:2.5@30s"), {
    eventType: "view",
    factor: 2.5,
    at: 30_000,
    minutes: 2,
  });
});

Deno.test("parseSpike() rejects an unknown type, a factor of 1 or less, and a bad offset, quoting the text", () => {
  for (
    const text of [
      "click:5@1m",
      "purchase:1@1m",
      "purchase:5",
      "purchase:5@soon",
      "purchase:5@1m+0s",
    ]
  ) {
    assert.throws(
      () => parseSpike(text),
      (e) => e instanceof UsageError && e.message.includes(JSON.stringify(text)),
    );
  }
});

Deno.test("runSimulateCommand() refuses a bad option with a usage error, as every command does", async () => {
  // A rate of 10⁹ ignored --duration and ran out of memory: rates are capped.
  for (const args of [["--rate", "fast"], ["--spike", "purchase:x"], ["--rate", "1e9"]]) {
    await assert.rejects(runSimulateCommand(args), UsageError, args.join(" "));
  }
});

Deno.test("deno task simulate without Kafka prints one JSON event per line for --duration", async () => {
  const script = 'import { runSimulateCommand } from "./dev/simulator/run_simulate_command.ts";' +
    "Deno.exit(await runSimulateCommand(Deno.args));";
  const env = { ...Deno.env.toObject(), KAFKA_BROKERS: "" };
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script, "--rate", "100", "--users", "20", "--duration", "500ms", "--seed", "8"],
    cwd: new URL("../../../", import.meta.url),
    env,
    clearEnv: true,
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  const lines = new TextDecoder().decode(output.stdout).trim().split("\n");
  assert.ok(lines.length > 20, `${lines.length} lines`);
  for (const line of lines) assert.match(JSON.parse(line).event_id, /^sim-8-\d+$/);
  assert.match(stderr, new RegExp(`simulate: ${lines.length} events to stdout \\(seed 8\\)`));
});
