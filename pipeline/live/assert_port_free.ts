/**
 * A port check done before any slow start-up work, so a taken port fails in milliseconds.
 *
 * @module
 */

/**
 * Throws when `hostname:port` cannot be listened on right now (taken, or not allowed). Port 0
 * (any free port) always passes. The port is released again at once: the server binds it later.
 *
 * @param hostname address to bind
 * @param port port to bind
 * @throws Error naming the address, the port and the cause
 * @example
 * ```ts
 * assertPortFree("127.0.0.1", 8080); // throws "cannot listen on 127.0.0.1:8080: ..." when taken
 * ```
 */
export function assertPortFree(hostname: string, port: number): void {
  if (port === 0) return;
  let listener: Deno.Listener;
  try {
    listener = Deno.listen({ hostname, port });
  } catch (cause) {
    const why = cause instanceof Deno.errors.AddrInUse
      ? "the port is already in use (another console? pick one with --port)"
      : (cause as Error).message;
    throw new Error(`cannot listen on ${hostname}:${port}: ${why}`, { cause });
  }
  listener.close();
}
