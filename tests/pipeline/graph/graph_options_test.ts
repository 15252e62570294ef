import assert from "node:assert/strict";
import { ANALYTICS_OPTIONS, plausibleFromOptions } from "../../../pipeline/graph/graph_options.ts";
import { parseOptions, UsageError } from "../../../pipeline/options.ts";

const NOW = Date.UTC(2026, 0, 15);
const noEnv = () => undefined;

Deno.test("plausibleFromOptions() defaults to 2000-01-01 … now + 24h", () => {
  const { values } = parseOptions(ANALYTICS_OPTIONS, [], noEnv);
  assert.deepEqual(plausibleFromOptions(values, NOW), {
    min: Date.UTC(2000, 0, 1),
    max: NOW + 86_400_000,
    maxFuture: 86_400_000,
  });
});

Deno.test("plausibleFromOptions() takes flags and environment variables", () => {
  const flags = parseOptions(ANALYTICS_OPTIONS, [
    "--max-future",
    "0s",
    "--min-event-time",
    "1995-06-01",
  ], noEnv);
  assert.deepEqual(plausibleFromOptions(flags.values, NOW), {
    min: Date.UTC(1995, 5, 1),
    max: NOW,
    maxFuture: 0,
  });
  const env = parseOptions(
    ANALYTICS_OPTIONS,
    [],
    (name) =>
      ({ SHOPEASE_MAX_FUTURE: "7d", SHOPEASE_MIN_EVENT_TIME: "2010-01-01T00:00:00Z" })[name],
  );
  assert.deepEqual(plausibleFromOptions(env.values, NOW), {
    min: Date.UTC(2010, 0, 1),
    max: NOW + 7 * 86_400_000,
    maxFuture: 7 * 86_400_000,
  });
});

Deno.test("plausibleFromOptions() rejects a floor that is not a time or lies after the window", () => {
  for (const text of ["yesterday", "2030-01-01"]) {
    const { values } = parseOptions(ANALYTICS_OPTIONS, ["--min-event-time", text], noEnv);
    assert.throws(
      () => plausibleFromOptions(values, NOW),
      (e) => e instanceof UsageError && e.message.includes(JSON.stringify(text)),
    );
  }
});
