import assert from "node:assert/strict";
import { assertPortFree } from "../../../pipeline/live/assert_port_free.ts";

Deno.test("assertPortFree() passes for a free port and names a taken one", () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = taken.addr;
  try {
    assert.throws(
      () => assertPortFree("127.0.0.1", port),
      (error: Error) => {
        assert.equal(
          error.message,
          `cannot listen on 127.0.0.1:${port}: the port is already in use (another console? pick one with --port)`,
        );
        return true;
      },
    );
  } finally {
    taken.close();
  }
  assertPortFree("127.0.0.1", port); // free again
  assertPortFree("127.0.0.1", 0);
});
