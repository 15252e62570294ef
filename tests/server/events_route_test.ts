import assert from "node:assert/strict";
import { createApp } from "../../server/create_app.ts";
import { SseHub } from "../../server/sse_hub.ts";
import { events, SseReader } from "./sse_reader.ts";

const BASE = "http://127.0.0.1:8080";

function setup(hub: SseHub) {
  return createApp({ lakeDir: "/nonexistent", hub, hostname: "127.0.0.1", port: 8080 });
}

Deno.test("/events streams hub events with SSE headers", async () => {
  const hub = new SseHub();
  const res = await setup(hub).request(`${BASE}/events`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
  assert.equal(res.headers.get("cache-control"), "no-cache, no-transform");
  const reader = new SseReader(res.body!);
  hub.publish("alert", { id: "a1", state: "firing" });
  const got = events(await reader.readUntil((f) => events(f).length === 1));
  assert.deepEqual(got[0], { id: "1", event: "alert", data: '{"id":"a1","state":"firing"}' });
  await reader.cancel();
  hub.close();
});

Deno.test("/events resumes after a dropped connection from the Last-Event-ID header", async () => {
  const hub = new SseHub();
  const app = setup(hub);
  const first = new SseReader((await app.request(`${BASE}/events`)).body!);
  hub.publish("metrics", { minute: "m1" });
  const seen = events(await first.readUntil((f) => events(f).length === 1));
  await first.cancel();
  assert.equal(hub.clientCount, 0);
  hub.publish("metrics", { minute: "m2" });
  hub.publish("alert", { id: "a" });
  const again = await app.request(`${BASE}/events`, { headers: { "last-event-id": seen[0].id! } });
  const resumed = new SseReader(again.body!);
  const missed = events(await resumed.readUntil((f) => events(f).length === 2));
  assert.deepEqual(missed.map((f) => f.id), ["2", "3"]);
  assert.deepEqual(missed.map((f) => f.event), ["metrics", "alert"]);
  await resumed.cancel();
  hub.close();
});

Deno.test("/events also resumes from ?lastEventId= for clients that cannot set headers", async () => {
  const hub = new SseHub();
  hub.publish("metrics", { n: 1 });
  hub.publish("metrics", { n: 2 });
  const res = await setup(hub).request(`${BASE}/events?lastEventId=1`);
  const reader = new SseReader(res.body!);
  const got = events(await reader.readUntil((f) => events(f).length === 1));
  assert.equal(got[0].id, "2");
  await reader.cancel();
  hub.close();
});

Deno.test("/events sends heartbeats and drops a client that stops reading", async () => {
  const hub = new SseHub({ heartbeatMs: 10, clientQueueLimit: 3 });
  const res = await setup(hub).request(`${BASE}/events`);
  const reader = new SseReader(res.body!);
  await reader.readUntil((f) => f.some((frame) => frame.comment === "heartbeat"), 1000);
  // Stop reading: heartbeats fill the queue and the hub drops the client.
  const deadline = Date.now() + 2000;
  while (hub.clientCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.equal(hub.clientCount, 0);
  assert.equal(hub.droppedCount, 1);
  hub.close();
});
