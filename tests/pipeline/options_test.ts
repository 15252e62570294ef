import assert from "node:assert/strict";
import {
  durationText,
  formatHelp,
  type OptionSpec,
  parseDuration,
  parseOptions,
  UsageError,
} from "../../pipeline/options.ts";

const SPECS: OptionSpec[] = [
  { name: "lake", kind: "string", help: "lake", env: "T_LAKE", default: "./lake" },
  { name: "batch-size", kind: "int", help: "batch", min: 1, default: 4096 },
  { name: "lateness", kind: "duration", help: "lateness", default: "5m" },
  { name: "input", kind: "list", help: "inputs" },
  { name: "progress", kind: "boolean", help: "bar", default: true },
  { name: "scale", kind: "string", help: "scale", choices: ["small", "medium"], default: "small" },
];

Deno.test("parseDuration() reads ms, s, m, h and d, and NaN for anything else", () => {
  assert.equal(parseDuration("500ms"), 500);
  assert.equal(parseDuration("30s"), 30_000);
  assert.equal(parseDuration("5m"), 300_000);
  assert.equal(parseDuration("24h"), 86_400_000);
  assert.equal(parseDuration("1.5d"), 129_600_000);
  assert.equal(parseDuration("250"), 250);
  assert.ok(Number.isNaN(parseDuration("5 minutes")));
});

Deno.test("parseOptions() gives flags over environment over defaults, converting defaults too", () => {
  const env = (n: string) => (n === "T_LAKE" ? "/env/lake" : undefined);
  const a = parseOptions(SPECS, [], env);
  assert.equal(a.values.lake, "/env/lake");
  assert.equal(a.origin.lake, "env");
  assert.equal(a.values.lateness, 300_000);
  assert.equal(a.values["batch-size"], 4096);
  const b = parseOptions(SPECS, ["--lake=/flag", "--batch-size", "10", "--no-progress"], env);
  assert.equal(b.values.lake, "/flag");
  assert.equal(b.values["batch-size"], 10);
  assert.equal(b.values.progress, false);
});

Deno.test("parseOptions() collects repeated and comma-separated lists and positionals", () => {
  const p = parseOptions(SPECS, ["--input", "a,b", "x", "--input", "c"], () => undefined);
  assert.deepEqual(p.values.input, ["a", "b", "c"]);
  assert.deepEqual(p.positionals, ["x"]);
});

Deno.test("parseOptions() rejects bad values with a message naming the option and the value", () => {
  const none = () => undefined;
  assert.throws(() => parseOptions(SPECS, ["--batch-size", "abc"], none), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /--batch-size expects a whole number.*"abc"/);
    return true;
  });
  assert.throws(() => parseOptions(SPECS, ["--batch-size", "0"], none), /at least 1/);
  assert.throws(
    () => parseOptions(SPECS, ["--scale", "huge"], none),
    /one of small, medium.*"huge"/,
  );
  assert.throws(() => parseOptions(SPECS, ["--lateness", "soon"], none), /duration.*"soon"/);
  const wait: OptionSpec = { name: "wait", kind: "duration", min: 100, max: 60_000, help: "" };
  assert.throws(() => parseOptions([wait], ["--wait", "0"], none), /at least 100ms; got/);
  assert.throws(() => parseOptions([wait], ["--wait", "2m"], none), /at most 1m; got/);
  assert.throws(() => parseOptions(SPECS, ["--nope"], none), /unknown option "--nope"/);
  assert.throws(() => parseOptions(SPECS, ["--lake"], none), /--lake needs a value/);
  // An empty path was taken as "": `${out}/activity.csv` wrote into the filesystem root.
  assert.throws(() => parseOptions(SPECS, ["--lake="], none), /--lake needs a value; got ""/);
  assert.throws(() => parseOptions(SPECS, ["--lake", ""], none), /--lake needs a value; got ""/);
  // A prefix may be empty: `--topic-prefix ""` names the plain topics.
  const prefix: OptionSpec = { name: "prefix", kind: "string", allowEmpty: true, help: "" };
  assert.equal(parseOptions([prefix], ["--prefix="], none).values.prefix, "");
});

Deno.test("parseOptions() refuses a duration without a unit, except 0", () => {
  const none = () => undefined;
  const duration: OptionSpec = { name: "duration", kind: "duration", env: "T_DURATION", help: "" };
  // `simulate --duration 60` was 60 ms: help names units (60s, 5m), never a bare number.
  for (const text of ["60", "1.5", " 60 "]) {
    assert.throws(
      () => parseOptions([duration], ["--duration", text], none),
      /--duration needs a unit \(ms, s, m, h or d\), e\.g\. (60|1\.5)s; got --duration/,
    );
  }
  assert.throws(
    () => parseOptions([duration], [], (n) => n === "T_DURATION" ? "60" : undefined),
    /needs a unit.*got T_DURATION \(value "60"\)/,
  );
  assert.equal(parseOptions([duration], ["--duration", "0"], none).values.duration, 0);
  assert.equal(parseOptions([duration], ["--duration=60ms"], none).values.duration, 60);
  assert.equal(parseOptions([duration], ["--duration", "1.5m"], none).values.duration, 90_000);
});

Deno.test("formatHelp() lists every option with its environment variable and default", () => {
  const help = formatHelp("deno task x", "Does x.", SPECS);
  assert.match(help, /--lake STRING\s+lake \(env T_LAKE; default \.\/lake\)/);
  assert.match(help, /--\[no-\]progress/);
  assert.match(help, /one of small\|medium/);
});

Deno.test("formatHelp() shows durations in their largest whole unit and a default's text", () => {
  const help = formatHelp("deno task x", "Does x.", [
    { name: "lateness", kind: "duration", help: "late", default: "300000ms" },
    { name: "lookback", kind: "duration", help: "back", default: 86_400_000 },
    {
      name: "progress",
      kind: "boolean",
      help: "bar",
      default: false,
      defaultText: "on a terminal",
    },
  ]);
  assert.match(help, /--lateness DURATION\s+late \(default 5m\)/);
  assert.match(help, /--lookback DURATION\s+back \(default 24h\)/);
  assert.match(help, /--\[no-\]progress\s+bar \(default on a terminal\)/);
  assert.equal(durationText(1500), "1500ms");
  assert.equal(durationText("30s"), "30s");
  assert.equal(durationText(90 * 60_000), "90m");
  // Whole days past one read as days, as the README writes them (--dedupe-window 30d).
  assert.equal(durationText(30 * 86_400_000), "30d");
  assert.equal(durationText(36 * 3_600_000), "36h");
});
