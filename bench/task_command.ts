/**
 * The command line of a `deno.json` task, so that a benchmark runs a command exactly as
 * `deno task <name>` does (its environment and V8 flags included).
 *
 * @module
 */

/** A task's command line: variables it sets, then the arguments of `deno`. */
export interface TaskCommand {
  env: Record<string, string>;
  args: string[];
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(\S*)$/;

/**
 * Splits a task of the form `[NAME=value ...] deno <args>` (no quotes, pipes or `&&`).
 *
 * @param name Task name in `deno.json`.
 * @param config Path or URL of `deno.json`; default the repository's.
 * @returns Its environment assignments and `deno` arguments.
 * @throws Error naming the task when it is missing or not of that form.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const replay = taskCommand("replay");
 * assert.deepEqual(replay.args.slice(-2), ["main.ts", "replay"]);
 * ```
 */
export function taskCommand(
  name: string,
  config: string | URL = new URL("../deno.json", import.meta.url),
): TaskCommand {
  const tasks = JSON.parse(Deno.readTextFileSync(config)).tasks ?? {};
  const line: unknown = tasks[name];
  if (typeof line !== "string") throw new Error(`${config}: no task ${JSON.stringify(name)}`);
  if (/["'`|&;<>$\\]/.test(line)) {
    throw new Error(`${config}: task ${name} is more than "[NAME=value ...] deno <args>"`);
  }
  const words = line.trim().split(/\s+/);
  const env: Record<string, string> = {};
  let at = 0;
  for (let m; at < words.length && (m = ASSIGNMENT.exec(words[at])) !== null; at++) {
    env[m[1]] = m[2];
  }
  if (words[at] !== "deno") {
    throw new Error(`${config}: task ${name} does not run deno: ${JSON.stringify(line)}`);
  }
  return { env, args: words.slice(at + 1) };
}
