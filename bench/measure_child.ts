/**
 * Runs a Deno child process and measures its wall time and peak resident memory.
 *
 * @module
 */

/** What one measured child run took. */
export interface RunFigures {
  seconds: number;
  /** The child's own peak RSS (VmHWM from /proc/<pid>/status), MB. */
  peakRssMb: number;
  /** The child's stdout. */
  output: string;
}

/**
 * Runs `deno <args>` in a child process, sampling its VmHWM every 50 ms until it exits. VmHWM
 * is the kernel's high-water mark of the process's RSS, so sampling only has to catch the last
 * reading before exit, not the peak itself.
 *
 * @param args arguments after `deno`, e.g. `["run", "-A", "main.ts", "replay", ...]`
 * @param env extra environment variables for the child
 * @returns the wall time, the peak RSS and the child's stdout
 * @throws Error naming the command when the child exits with a failure status
 *
 * @example
 * ```ts
 * const run = await measureChild(["eval", "console.log(1)"]);
 * console.log(run.seconds, run.peakRssMb, run.output); // e.g. 0.05 40 "1\n"
 * ```
 */
export async function measureChild(
  args: string[],
  env: Record<string, string> = {},
): Promise<RunFigures> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    env,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const started = performance.now();
  let peakKb = 0;
  const sample = async () => {
    try {
      const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // The child has exited between samples: its last reading stands.
    }
  };
  const timer = setInterval(sample, 50);
  const outputPromise = new Response(child.stdout).text();
  const status = await child.status;
  clearInterval(timer);
  const output = await outputPromise;
  if (!status.success) {
    throw new Error(`benchmark child 'deno ${args.join(" ")}' exited with ${status.code}`);
  }
  return { seconds: (performance.now() - started) / 1000, peakRssMb: peakKb / 1024, output };
}
