import assert from "node:assert/strict";
import { parseStartOptions } from "../../../pipeline/live/start_options.ts";

Deno.test("parseStartOptions() takes --allow-host repeated, and SHOPEASE_ALLOW_HOSTS comma-separated", () => {
  const flags = parseStartOptions(["--allow-host", "10.0.0.5", "--allow-host=console.lan:8080"]);
  assert.deepEqual(flags.allowHosts, ["10.0.0.5", "console.lan:8080"]);
  const previous = Deno.env.get("SHOPEASE_ALLOW_HOSTS");
  Deno.env.set("SHOPEASE_ALLOW_HOSTS", "a.lan, b.lan");
  try {
    assert.deepEqual(parseStartOptions([]).allowHosts, ["a.lan", "b.lan"]);
  } finally {
    if (previous === undefined) Deno.env.delete("SHOPEASE_ALLOW_HOSTS");
    else Deno.env.set("SHOPEASE_ALLOW_HOSTS", previous);
  }
});

Deno.test("parseStartOptions() reads the console's connection limits", () => {
  const config = parseStartOptions([
    "--max-connections",
    "50",
    "--header-timeout",
    "2s",
    "--http-idle-timeout",
    "30s",
  ]);
  assert.deepEqual(config.http, {
    maxConnections: 50,
    headerTimeoutMs: 2000,
    idleTimeoutMs: 30_000,
  });
  assert.deepEqual(parseStartOptions([]).http.headerTimeoutMs, 10_000);
});

Deno.test("parseStartOptions() caps the simulator's rate: at 10^6 events/s the server stopped answering", () => {
  assert.throws(() => parseStartOptions(["--rate", "1e6"]), /--rate must be at most 100000/);
  assert.equal(parseStartOptions(["--rate", "1e5"]).simulator.rate, 100_000);
});

Deno.test("parseStartOptions() refuses a non-loopback --host without a token before any work", () => {
  // The console's own check came after the backfill and an hour of simulated history: exit 1.
  const token = Deno.env.get("SHOPEASE_TOKEN");
  Deno.env.delete("SHOPEASE_TOKEN");
  try {
    assert.throws(() => parseStartOptions(["--host", "0.0.0.0"]), /without a token/);
    Deno.env.set("SHOPEASE_TOKEN", "a-token-of-some-length");
    assert.equal(parseStartOptions(["--host", "0.0.0.0"]).host, "0.0.0.0");
  } finally {
    if (token === undefined) Deno.env.delete("SHOPEASE_TOKEN");
    else Deno.env.set("SHOPEASE_TOKEN", token);
  }
});
