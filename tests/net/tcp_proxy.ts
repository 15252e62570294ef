/**
 * A TCP proxy for tests that need a service to go away without stopping it: clients connect to
 * the proxy, and `cut()` closes the listener and every connection, so the service looks gone
 * (connection refused) to them while it keeps serving everyone else.
 *
 * @module
 */

/** A running proxy. */
export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** Closes the listener and every proxied connection: clients get refused from now on. */
  cut(): void;
}

/**
 * Forwards `127.0.0.1:<port>` to `target` until cut.
 *
 * @param target the service's host and port
 * @param port the proxy's port; by default one the system picks
 * @returns the proxy
 */
export function tcpProxy(target: { hostname: string; port: number }, port = 0): TcpProxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port });
  const open = new Set<Deno.Conn>();
  const close = (conn: Deno.Conn) => {
    open.delete(conn);
    try {
      conn.close();
    } catch { /* closed already */ }
  };
  const pipe = async (from: Deno.Conn, to: Deno.Conn) => {
    try {
      await from.readable.pipeTo(to.writable, { preventClose: true });
    } catch { /* either side went away */ }
    close(from);
    close(to);
  };
  (async () => {
    for (;;) {
      let client: Deno.Conn;
      try {
        client = await listener.accept();
      } catch {
        return; // cut
      }
      open.add(client);
      try {
        const upstream = await Deno.connect(target);
        open.add(upstream);
        void pipe(client, upstream);
        void pipe(upstream, client);
      } catch {
        close(client);
      }
    }
  })();
  return {
    port: listener.addr.port,
    cut() {
      try {
        listener.close();
      } catch { /* closed already */ }
      for (const conn of [...open]) close(conn);
    },
  };
}
