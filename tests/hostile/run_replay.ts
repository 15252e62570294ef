/**
 * Runs the real `replay` command on hostile input, either in this process (fast: the fuzzer) or
 * as a child `deno run -A main.ts replay` (the true CLI: exit status, stderr, stacks), and
 * captures everything it prints.
 *
 * @module
 */

import { replayCommand } from "../../cli/replay_command.ts";
import { UsageError } from "../../pipeline/options.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const ROOT = new URL("../../", import.meta.url).pathname;
/** A fixed pseudonymization key: runs are deterministic and need no key file. */
export const TEST_ANON_KEY = "hostile-input-test-key-0123456789abcdef";

/** How a run ended and what it printed. */
export interface ReplayOutcome {
  /** Exit status (in process: what main.ts would return: 0, 1, or 2 for a usage error). */
  code: number;
  stdout: string;
  stderr: string;
  /** The error line main.ts prints (`error: …`), when the run failed. */
  errorText?: string;
  /** The thrown error's stack (in process only), to show a crash. */
  stack?: string;
  /** Milliseconds. */
  millis: number;
}

/** What to replay. */
export interface ReplayRun {
  /** Input files or folders. */
  inputs: string[];
  lake: string;
  /** `--format` preset, when not the native layout. */
  format?: string;
  /** More arguments (e.g. `--lateness 100d`). */
  args?: string[];
  /** `replayChild` only: kill the child after this long, so a hang fails instead of waiting. */
  timeoutMs?: number;
}

function argsOf(run: ReplayRun): string[] {
  const args = ["--lake", run.lake, "--no-progress"];
  for (const input of run.inputs) args.push("--input", input);
  if (run.format) args.push("--format", run.format);
  return [...args, ...run.args ?? []];
}

const decoder = new TextDecoder();

/**
 * Runs `replayCommand()` in this process with stdout, stderr and console output captured.
 * A thrown error becomes exit status 1 (2 for a usage error), as in main.ts.
 *
 * @param run inputs, lake and options
 */
export async function replayInProcess(run: ReplayRun): Promise<ReplayOutcome> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = Deno.stdout.writeSync;
  const stderrWrite = Deno.stderr.writeSync;
  const saved = {
    log: console.log,
    info: console.info,
    debug: console.debug,
    error: console.error,
    warn: console.warn,
  };
  const sink = (into: string[]) => (...parts: unknown[]) => {
    into.push(parts.map((p) => typeof p === "string" ? p : Deno.inspect(p)).join(" ") + "\n");
  };
  const previousKey = Deno.env.get("SHOPEASE_ANON_KEY");
  Deno.env.set("SHOPEASE_ANON_KEY", TEST_ANON_KEY);
  Deno.stdout.writeSync = (p: Uint8Array) => (out.push(decoder.decode(p)), p.length);
  Deno.stderr.writeSync = (p: Uint8Array) => (err.push(decoder.decode(p)), p.length);
  console.log = console.info = console.debug = sink(out);
  console.error = console.warn = sink(err);
  const started = performance.now();
  let code = 0;
  let errorText: string | undefined;
  let stack: string | undefined;
  try {
    code = await replayCommand(argsOf(run));
  } catch (error) {
    code = error instanceof UsageError ? 2 : 1;
    errorText = `error: ${error instanceof Error ? error.message : String(error)}`;
    stack = error instanceof Error ? error.stack : undefined;
    err.push(errorText + "\n");
  } finally {
    Deno.stdout.writeSync = stdoutWrite;
    Deno.stderr.writeSync = stderrWrite;
    Object.assign(console, saved);
    if (previousKey === undefined) Deno.env.delete("SHOPEASE_ANON_KEY");
    else Deno.env.set("SHOPEASE_ANON_KEY", previousKey);
  }
  return {
    code,
    stdout: out.join(""),
    stderr: err.join(""),
    errorText,
    stack,
    millis: performance.now() - started,
  };
}

/**
 * Runs `deno run -A main.ts replay` as a child process.
 *
 * @param run inputs, lake and options
 * @param env extra environment (e.g. `SHOPEASE_LOG_LEVEL`)
 */
export async function replayChild(
  run: ReplayRun,
  env: Record<string, string> = {},
): Promise<ReplayOutcome> {
  const started = performance.now();
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "replay", ...argsOf(run)],
    cwd: ROOT,
    env: { SHOPEASE_ANON_KEY: TEST_ANON_KEY, NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
    signal: run.timeoutMs === undefined ? undefined : AbortSignal.timeout(run.timeoutMs),
  }).output();
  const stderr = decoder.decode(result.stderr);
  const errorLines = stderr.split("\n").filter((l) => /^error\b/i.test(l));
  return {
    code: result.code,
    stdout: decoder.decode(result.stdout),
    stderr,
    errorText: errorLines.length ? errorLines.join("\n") : undefined,
    millis: performance.now() - started,
  };
}
