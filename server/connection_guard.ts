/**
 * A TCP front door for the console: its own accept loop that survives descriptor exhaustion,
 * caps connections, and closes connections that never finish their headers or go idle. Each
 * accepted connection is piped byte for byte to an upstream (the HTTP server on a private Unix
 * socket), so HTTP parsing stays in `Deno.serve` while the limits live here.
 *
 * Why not `Deno.serve` on the public port: its accept loop ends on the first `accept` error
 * (EMFILE, "Too many open files") with an unhandled rejection that exits the process, and it has
 * no header-read timeout, idle timeout or connection cap.
 *
 * @module
 */

/** Options of {@linkcode connectionGuard}. */
export interface ConnectionGuardOptions {
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  /** Opens the upstream connection for one accepted client. */
  connectUpstream: () => Promise<Deno.Conn>;
  /** Most client connections at once; later ones get a 503 and are closed. */
  maxConnections: number;
  /** A connection whose first request headers are not complete by then is closed, ms. */
  headerTimeoutMs: number;
  /** A connection with no byte in either direction for this long is closed, ms. */
  idleTimeoutMs: number;
  /** Reports shed connections and accept errors (rate-limited by the caller's logger). */
  onWarning?: (message: string) => void;
}

/** A listening {@linkcode connectionGuard}. */
export interface ConnectionGuard {
  readonly port: number;
  /** Connections currently open. */
  readonly connections: number;
  /** Stops accepting and closes every connection. */
  close(): Promise<void>;
}

interface Tracked {
  client: Deno.Conn;
  upstream: Deno.Conn | null;
  /** When the request whose headers are awaited began: the accept, or its first byte. */
  requestAt: number;
  lastActivity: number;
  /** Bytes of `\r\n\r\n` matched so far; 4 once the request's headers are complete. */
  headerEnd: number;
  /** The server answered since the headers completed: the client's next byte starts a request. */
  answered: boolean;
  closed: boolean;
}

const encoder = new TextEncoder();

/** The answer to a connection over the cap, written before closing it. */
function refusal(reason: string): Uint8Array {
  const body = JSON.stringify({ error: reason });
  return encoder.encode(
    `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n` +
      `content-length: ${
        encoder.encode(body).length
      }\r\nretry-after: 1\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** True for "Too many open files" (EMFILE) and "file table overflow" (ENFILE). */
export function isDescriptorExhaustion(error: unknown): boolean {
  return error instanceof Error && /os error 2[34]\b|too many open files/i.test(error.message);
}

/**
 * Listens on `hostname:port` and pipes each accepted connection to `connectUpstream()`.
 *
 * - At `maxConnections` a new connection gets a one-shot 503 and is closed.
 * - When `accept` fails for lack of descriptors, a reserve descriptor is released so the pending
 *   connection can be accepted and closed (the kernel queue drains instead of filling), then the
 *   loop backs off; it never ends on an accept error.
 * - A sweep closes connections past the header or idle timeout. The header timeout runs from
 *   the accept for the first request, and from the first byte of each later one (a byte the
 *   client sends after the server answered).
 *
 * @throws Deno.errors.AddrInUse and the like when the address cannot be bound.
 *
 * @example
 * ```ts
 * // Not run here: it listens on a port.
 * function guard(path: string) {
 *   return connectionGuard({
 *     hostname: "127.0.0.1", port: 8080, maxConnections: 256, headerTimeoutMs: 10_000,
 *     idleTimeoutMs: 60_000, connectUpstream: () => Deno.connect({ transport: "unix", path }),
 *   });
 * }
 * ```
 */
export function connectionGuard(opts: ConnectionGuardOptions): ConnectionGuard {
  const listener = Deno.listen({ hostname: opts.hostname, port: opts.port, transport: "tcp" });
  const tracked = new Set<Tracked>();
  const warn = opts.onWarning ?? (() => {});
  let reserve = openReserve();
  let stopped = false;
  let refusing = 0;

  const close = (t: Tracked) => {
    if (t.closed) return;
    t.closed = true;
    tracked.delete(t);
    closeQuietly(t.client);
    if (t.upstream) closeQuietly(t.upstream);
  };

  const sweepEvery = Math.max(50, Math.min(1000, opts.headerTimeoutMs / 4, opts.idleTimeoutMs / 4));
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const t of tracked) {
      if (t.headerEnd < 4 && now - t.requestAt > opts.headerTimeoutMs) close(t);
      else if (now - t.lastActivity > opts.idleTimeoutMs) close(t);
    }
  }, sweepEvery);

  const serve = async (t: Tracked) => {
    try {
      t.upstream = await opts.connectUpstream();
    } catch (error) {
      warn(`console: cannot open upstream connection: ${(error as Error).message}`);
      await refuse(t.client, "server busy, try again");
      close(t);
      return;
    }
    if (t.closed) {
      // Swept while the upstream connection was opening.
      closeQuietly(t.upstream);
      return;
    }
    await Promise.all([pump(t, t.client, t.upstream, true), pump(t, t.upstream, t.client, false)]);
    close(t);
  };

  const pump = async (t: Tracked, from: Deno.Conn, to: Deno.Conn, fromClient: boolean) => {
    // Requests are small; answers (files, event streams) get the larger buffer.
    const buffer = new Uint8Array(fromClient ? 4 * 1024 : 16 * 1024);
    try {
      while (!t.closed) {
        const n = await from.read(buffer);
        if (n === null) break;
        t.lastActivity = Date.now();
        if (fromClient) {
          // A byte after an answer starts the next request on a kept-alive connection: its
          // headers get the header timeout too (request bodies come before the answer).
          if (t.answered) {
            t.answered = false;
            t.headerEnd = 0;
            t.requestAt = t.lastActivity;
          }
          if (t.headerEnd < 4) t.headerEnd = scanHeaderEnd(buffer, n, t.headerEnd);
        } else if (t.headerEnd === 4) {
          t.answered = true;
        }
        let written = 0;
        while (written < n) written += await to.write(buffer.subarray(written, n));
      }
      // The client finished sending: pass the half-close on and let the answer come back.
      if (fromClient && !t.closed) await to.closeWrite();
      else close(t);
    } catch {
      // A reset or a close by the sweeper: either way this connection is over.
      close(t);
    }
  };

  const acceptLoop = async () => {
    let backoff = 10;
    while (!stopped) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (stopped) break;
        if (isDescriptorExhaustion(error)) {
          warn(`console: out of file descriptors, shedding a connection: ${String(error)}`);
          reserve?.close();
          reserve = null;
          try {
            const victim = await listener.accept();
            await refuse(victim, "server out of file descriptors, try again");
          } catch { /* still exhausted: back off below */ }
          reserve = openReserve();
        } else {
          warn(`console: accept failed: ${String(error)}`);
        }
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 1000);
        continue;
      }
      backoff = 10;
      if (tracked.size >= opts.maxConnections) {
        // A few refusals at once read the request first (an HTTP client that gets an answer
        // before it has sent its request reports a broken connection, not the 503); past that,
        // a burst of shed connections is closed at once so that it cannot use up descriptors.
        if (refusing < MAX_REFUSING) {
          refusing++;
          void refuse(conn, `connection limit (${opts.maxConnections}) reached, try again`)
            .finally(() => refusing--);
        } else closeQuietly(conn);
        continue;
      }
      const now = Date.now();
      const t: Tracked = {
        client: conn,
        upstream: null,
        requestAt: now,
        lastActivity: now,
        headerEnd: 0,
        answered: false,
        closed: false,
      };
      tracked.add(t);
      void serve(t);
    }
  };
  const loop = acceptLoop();

  return {
    port: (listener.addr as Deno.NetAddr).port,
    get connections() {
      return tracked.size;
    },
    async close() {
      stopped = true;
      clearInterval(sweeper);
      closeQuietly(listener);
      for (const t of [...tracked]) close(t);
      await loop;
      reserve?.close();
      reserve = null;
    },
  };
}

/** Advances the `\r\n\r\n` matcher over `buffer[0..n)`; returns 4 when it completed. */
function scanHeaderEnd(buffer: Uint8Array, n: number, state: number): number {
  for (let i = 0; i < n && state < 4; i++) {
    const want = state % 2 === 0 ? 13 : 10;
    if (buffer[i] === want) state++;
    else state = buffer[i] === 13 ? 1 : 0;
  }
  return state;
}

/** Shed connections answered with a 503 at once; more are closed without an answer. */
const MAX_REFUSING = 16;

/**
 * Reads the request's headers (at most 16 KiB, for at most 500 ms), answers a 503 and closes the
 * connection; 1.5 s at most in all.
 */
async function refuse(conn: Deno.Conn, reason: string): Promise<void> {
  const timer = setTimeout(() => closeQuietly(conn), 1500);
  try {
    const buffer = new Uint8Array(4096);
    let state = 0;
    let total = 0;
    const deadline = Date.now() + 500;
    while (state < 4 && total < 16_384 && Date.now() < deadline) {
      let tick: ReturnType<typeof setTimeout> | undefined;
      const wait = new Promise<null>((r) =>
        tick = setTimeout(() => r(null), deadline - Date.now())
      );
      const n = await Promise.race([conn.read(buffer), wait]).finally(() => clearTimeout(tick));
      if (n === null) break;
      total += n;
      state = scanHeaderEnd(buffer, n, state);
    }
    await conn.write(refusal(reason));
  } catch { /* the peer left already */ }
  clearTimeout(timer);
  closeQuietly(conn);
}

/** One descriptor held back so a connection can still be accepted (and shed) under EMFILE. */
function openReserve(): Deno.FsFile | null {
  try {
    return Deno.openSync("/dev/null");
  } catch {
    return null;
  }
}

function closeQuietly(resource: { close(): void }): void {
  try {
    resource.close();
  } catch { /* already closed */ }
}
