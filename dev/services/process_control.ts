/**
 * Small process and socket helpers for the local services: pid files, liveness, graceful
 * termination, port probes. Liveness reads `/proc`, so these helpers target Linux.
 *
 * @module
 */

/**
 * Reads a pid file.
 *
 * @param file path of a file holding one process id
 * @returns the pid, or null when the file is missing or holds no number
 */
export async function readPid(file: string): Promise<number | null> {
  try {
    const pid = Number.parseInt((await Deno.readTextFile(file)).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/**
 * Tells whether `pid` is a live process whose command line contains `marker`. Checking the
 * command line guards against a recycled pid; a zombie has an empty one, so it counts as dead.
 *
 * @param pid process id
 * @param marker text the process's command line must contain (e.g. the config file path)
 * @returns true when the process runs and matches
 */
export function processAlive(pid: number, marker: string): boolean {
  try {
    const cmdline = Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ");
    return cmdline.includes(marker);
  } catch {
    // No /proc entry: the process is gone (or this is not Linux, which the services do not support).
    return false;
  }
}

/**
 * The pid of our service: the one in `pidFile` if that process runs and matches `marker`, else a
 * live process matching `marker` (and running in `cwd`, when given) found in `/proc`. The scan
 * covers a pid file that went missing while the service ran: `services down` said "gone" and left
 * it running.
 *
 * @param pidFile the service's pid file
 * @param marker text the process's command line contains
 * @param cwd the process's working folder, when the marker alone could match another instance
 * @returns the pid, or null when none runs
 */
export async function servicePid(
  pidFile: string,
  marker: string,
  cwd?: string,
): Promise<number | null> {
  const pid = await readPid(pidFile);
  if (pid !== null && processAlive(pid, marker)) return pid;
  const folder = cwd === undefined ? undefined : realPath(cwd);
  if (folder === null) return null; // its folder is gone: not ours
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const candidate = Number(entry.name);
    if (candidate === Deno.pid || !processAlive(candidate, marker)) continue;
    if (folder === undefined || realPath(`/proc/${candidate}/cwd`) === folder) return candidate;
  }
  return null;
}

function realPath(path: string): string | null {
  try {
    return Deno.realPathSync(path);
  } catch {
    // Gone (or another user's process): no match.
    return null;
  }
}

/**
 * Polls `check` until it returns true or `timeoutMs` passes.
 *
 * @param check the condition, probed every `intervalMs`
 * @param timeoutMs how long to wait
 * @param intervalMs pause between probes (default 100 ms)
 * @returns whether the condition became true in time
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (true) {
    if (await check()) return true;
    if (performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Stops a process: SIGTERM, wait up to `graceMs`, then SIGKILL.
 *
 * @param pid process id
 * @param marker command-line text identifying the process (see {@linkcode processAlive})
 * @param graceMs time allowed for a clean shutdown
 * @returns "terminated" or "killed"; "gone" when it was not running
 */
export async function terminate(
  pid: number,
  marker: string,
  graceMs: number,
): Promise<"terminated" | "killed" | "gone"> {
  if (!processAlive(pid, marker)) return "gone";
  Deno.kill(pid, "SIGTERM");
  if (await waitUntil(() => !processAlive(pid, marker), graceMs)) return "terminated";
  Deno.kill(pid, "SIGKILL");
  if (await waitUntil(() => !processAlive(pid, marker), 5_000)) return "killed";
  throw new Error(`process ${pid} (${marker}) survived SIGKILL`);
}

/**
 * Tells whether something accepts TCP connections on 127.0.0.1:`port`.
 *
 * @param port TCP port
 * @returns true when a connection succeeds
 */
export async function portOpen(port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.close();
    return true;
  } catch {
    // Refused or unreachable: nothing listens, which is the answer, not an error.
    return false;
  }
}

/**
 * Returns the last lines of a text file, for error messages about a service that failed.
 *
 * @param file path of a log file
 * @param lines how many lines (default 20)
 * @returns the tail, or "" when the file does not exist
 */
export async function tailFile(file: string, lines = 20): Promise<string> {
  try {
    const text = await Deno.readTextFile(file);
    return text.trimEnd().split("\n").slice(-lines).join("\n");
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "";
    throw error;
  }
}

/**
 * Removes a file; a file that is already gone is fine.
 *
 * @param file path to remove
 */
export async function removeIfExists(file: string): Promise<void> {
  try {
    await Deno.remove(file);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}
