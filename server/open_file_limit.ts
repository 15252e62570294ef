/**
 * The process's soft limit on open file descriptors, from which the console sizes its
 * connection cap.
 *
 * @module
 */

/**
 * Reads the soft `RLIMIT_NOFILE` of this process from `/proc/self/limits` (Linux).
 *
 * @returns the limit, or `undefined` when unknown (another OS, no read permission, "unlimited").
 *
 * @example
 * ```ts
 * const limit = openFileLimit() ?? 1024;
 * ```
 */
export function openFileLimit(): number | undefined {
  try {
    const text = Deno.readTextFileSync("/proc/self/limits");
    const match = /^Max open files\s+(\d+)/m.exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Descriptors kept for everything but client connections: runtime, files, Kafka, Redis. */
const RESERVED = 64;
/** Each client costs three: its socket, the pipe to the HTTP server, and that server's end. */
const PER_CONNECTION = 3;

/**
 * The default connection cap for a descriptor limit: what fits after {@linkcode RESERVED}, at
 * three descriptors a connection, at most 1024 and at least 1.
 *
 * @example
 * ```ts
 * defaultMaxConnections(256); // 64
 * ```
 */
export function defaultMaxConnections(limit: number | undefined = openFileLimit()): number {
  if (limit === undefined) return 1024;
  return Math.max(1, Math.min(1024, Math.floor((limit - RESERVED) / PER_CONNECTION)));
}
