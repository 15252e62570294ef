import assert from "node:assert/strict";
import { join } from "node:path";
import { SseHub } from "../../server/sse_hub.ts";
import { startServer } from "../../server/start_server.ts";
import { writeFixtureLake } from "./fixture_lake.ts";
import { events, SseReader } from "./sse_reader.ts";
import { makeFifo, settled } from "../fifo_fixture.ts";

Deno.test("startServer() refuses a non-loopback bind without a token, before listening", () => {
  const previous = Deno.env.get("SHOPEASE_TOKEN");
  Deno.env.delete("SHOPEASE_TOKEN");
  try {
    assert.throws(
      () => startServer({ lakeDir: "lake", hub: new SseHub(), hostname: "0.0.0.0", port: 0 }),
      /Refusing to serve the console on non-loopback address "0\.0\.0\.0" without a token/,
    );
  } finally {
    if (previous !== undefined) Deno.env.set("SHOPEASE_TOKEN", previous);
  }
});

Deno.test("startServer() serves on a socket and announces rewritten reports on /events", async () => {
  const lakeDir = await writeFixtureLake();
  const hub = new SseHub();
  const server = startServer({ lakeDir, hub, port: 0, uiDir: lakeDir, reportPollMs: 20 });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.url}/healthz`);
    assert.deepEqual(await health.json(), { status: "ok", sse_clients: 0 });
    const stream = await fetch(`${server.url}/events`);
    const reader = new SseReader(stream.body!);
    await new Promise((r) => setTimeout(r, 60));
    const path = join(lakeDir, "reports", "top_products.json");
    await Deno.writeTextFile(path, "[]");
    await Deno.utime(path, new Date(), new Date(Date.now() + 5000));
    const got = events(await reader.readUntil((f) => events(f).length >= 1, 3000));
    assert.deepEqual(got.map((f) => [f.event, f.data]), [["report", '{"name":"top_products"}']]);
    await reader.cancel();
  } finally {
    await server.shutdown();
  }
});

Deno.test("startServer() answers 500 for a report that is a FIFO, keeps serving, and shuts down", async () => {
  const lakeDir = await writeFixtureLake();
  const path = join(lakeDir, "reports", "monthly_revenue.json");
  await Deno.remove(path);
  await makeFifo(path);
  const logged: string[] = [];
  const error = console.error;
  console.error = (...args: unknown[]) => logged.push(args.join(" "));
  const server = startServer({ lakeDir, hub: new SseHub(), port: 0, uiDir: lakeDir });
  try {
    const res = await settled(fetch(`${server.url}/api/monthly_revenue`));
    // Before the fix the request waited for a writer: give it one, so the server can stop.
    if (res === "timed out") await Deno.writeTextFile(path, "[]");
    const answer = res as { value: Response };
    assert.equal(answer.value?.status, 500, String(res));
    await answer.value.body?.cancel();
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    await health.body?.cancel();
  } finally {
    assert.deepEqual(await settled(server.shutdown()), { value: undefined });
    console.error = error;
  }
  assert.deepEqual(logged, [
    `error: GET "/api/monthly_revenue" failed: Error: Cannot read report ${path}: ` +
    "not a regular file (a FIFO)",
  ]);
});
