import assert from "node:assert/strict";
import { SseHub } from "../../server/sse_hub.ts";
import { events, SseReader } from "./sse_reader.ts";

Deno.test("publish() gives increasing ids and typed JSON frames to every client", async () => {
  const hub = new SseHub();
  const a = new SseReader(hub.connect()!);
  const b = new SseReader(hub.connect()!);
  assert.equal(hub.clientCount, 2);
  assert.equal(hub.publish("metrics", { minute: "2019-10-01T00:00:00.000Z", active_users: 3 }), 1);
  assert.equal(hub.publish("alert", { id: "x" }), 2);
  for (const reader of [a, b]) {
    const got = events(await reader.readUntil((f) => events(f).length === 2));
    assert.deepEqual(got.map((f) => [f.id, f.event]), [["1", "metrics"], ["2", "alert"]]);
    assert.deepEqual(JSON.parse(got[0].data!), {
      minute: "2019-10-01T00:00:00.000Z",
      active_users: 3,
    });
  }
  await a.cancel();
  await b.cancel();
  assert.equal(hub.clientCount, 0);
  hub.close();
});

Deno.test("a client resuming with Last-Event-ID gets exactly the events it missed", async () => {
  const hub = new SseHub();
  const first = new SseReader(hub.connect()!);
  hub.publish("metrics", { n: 1 });
  hub.publish("metrics", { n: 2 });
  const seen = events(await first.readUntil((f) => events(f).length === 2));
  await first.cancel();
  hub.publish("metrics", { n: 3 });
  hub.publish("alert", { n: 4 });
  const resumed = new SseReader(hub.connect(seen.at(-1)!.id)!);
  const missed = events(await resumed.readUntil((f) => events(f).length === 2));
  assert.deepEqual(missed.map((f) => [f.id, f.data]), [["3", '{"n":3}'], ["4", '{"n":4}']]);
  hub.publish("metrics", { n: 5 });
  const next = events(await resumed.readUntil((f) => events(f).length === 1));
  assert.equal(next[0].id, "5");
  await resumed.cancel();
  hub.close();
});

Deno.test("a resume older than the ring buffer gets a resync event, then what is buffered", async () => {
  const hub = new SseHub({ bufferSize: 3 });
  for (let n = 1; n <= 6; n++) hub.publish("metrics", { n });
  const reader = new SseReader(hub.connect("1")!);
  const got = events(await reader.readUntil((f) => events(f).length === 4));
  assert.deepEqual(got.map((f) => f.event), ["resync", "metrics", "metrics", "metrics"]);
  assert.equal(got[0].id, undefined, "resync carries no id, so the browser keeps its last id");
  assert.deepEqual(got.slice(1).map((f) => f.id), ["4", "5", "6"]);
  await reader.cancel();
  hub.close();
});

Deno.test("a Last-Event-ID from an earlier server run gets a resync event", async () => {
  const hub = new SseHub();
  hub.publish("metrics", {});
  const reader = new SseReader(hub.connect("9000")!);
  const got = events(await reader.readUntil((f) => events(f).length === 1));
  assert.deepEqual(got.map((f) => [f.event, f.data]), [["resync", '{"reason":"unknown_id"}']]);
  await reader.cancel();
  hub.close();
});

Deno.test("connected clients get heartbeat comments at the configured interval", async () => {
  const hub = new SseHub({ heartbeatMs: 20 });
  const reader = new SseReader(hub.connect()!);
  const frames = await reader.readUntil(
    (f) => f.filter((x) => x.comment === "heartbeat").length >= 2,
    1000,
  );
  assert.equal(frames[0].retry, "3000");
  await reader.cancel();
  hub.close();
});

Deno.test("a client that does not drain its queue is dropped while others keep receiving", async () => {
  const hub = new SseHub({ clientQueueLimit: 4 });
  const slow = hub.connect()!;
  const fast = new SseReader(hub.connect()!);
  for (let n = 1; n <= 10; n++) {
    hub.publish("metrics", { n });
    await fast.readUntil((f) => events(f).length === 1);
  }
  assert.equal(hub.clientCount, 1);
  assert.equal(hub.droppedCount, 1);
  assert.deepEqual(
    await slow.getReader().read(),
    { done: true, value: undefined },
    "its stream is closed",
  );
  await fast.cancel();
  hub.close();
});

Deno.test("connect() returns null beyond maxClients and after close()", async () => {
  const hub = new SseHub({ maxClients: 1 });
  const only = hub.connect()!;
  assert.equal(hub.connect(), null);
  await only.cancel();
  assert.notEqual(hub.connect(), null);
  hub.close();
  assert.equal(hub.connect(), null);
  assert.equal(hub.clientCount, 0);
});

Deno.test("publish() rejects event types that could break the frame", () => {
  const hub = new SseHub();
  assert.throws(() => hub.publish("bad\nevent", {}), /\[a-z_\]\+/);
});

Deno.test("broadcast() reaches connected clients without an id and is not replayed on resume", async () => {
  const hub = new SseHub();
  const reader = new SseReader(hub.connect()!);
  hub.publish("metrics", { n: 1 });
  hub.broadcast("health", { gauges: { consumer_lag: 3 } });
  const got = events(await reader.readUntil((f) => events(f).length === 2));
  assert.deepEqual(got[1], { event: "health", data: '{"gauges":{"consumer_lag":3}}' });
  assert.equal(hub.lastEventId, 1);
  await reader.cancel();
  const resumed = new SseReader(hub.connect("0")!);
  const replay = events(await resumed.readUntil((f) => events(f).length === 1));
  assert.deepEqual(replay.map((f) => f.event), ["metrics"]);
  await resumed.cancel();
  hub.close();
});
