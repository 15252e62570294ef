import assert from "node:assert/strict";
import { createApp } from "../../server/create_app.ts";
import { SseHub } from "../../server/sse_hub.ts";
import { writeFixtureLake } from "./fixture_lake.ts";
import { MemoryLiveFeed } from "./memory_live_feed.ts";

Deno.test("/metrics exposes the live feed's gauges and quarantine when there is a live feed", async () => {
  const live = new MemoryLiveFeed();
  live.gaugeValues = {
    events_in: 5000,
    records_per_second: 812,
    consumer_lag: 17,
    watermark_delay_ms: 2500,
  };
  live.quarantine = { late: 7 };
  const hub = new SseHub();
  const app = createApp({
    lakeDir: await writeFixtureLake(),
    live,
    hub,
    hostname: "127.0.0.1",
    port: 8080,
  });
  const client = (await app.request("http://127.0.0.1:8080/events")).body!;
  const text = await (await app.request("http://127.0.0.1:8080/metrics")).text();
  for (
    const line of [
      "shopease_events_in_total 5000",
      "shopease_records_per_second 812",
      'shopease_quarantined_total{reason="late"} 7',
      "shopease_consumer_lag 17",
      "shopease_watermark_delay_seconds 2.5",
      "shopease_sse_clients 1",
    ]
  ) {
    assert.ok(text.split("\n").includes(line), `missing ${line} in\n${text}`);
  }
  assert.ok(!text.includes('reason="invalid_price"'), "the lake's quality report is not mixed in");
  assert.ok(text.startsWith("# Scope: live pipeline since this process started\n"), text);
  await client.cancel();
  hub.close();
});

Deno.test("/metrics without a live feed says its counts are the last replay's", async () => {
  const hub = new SseHub();
  const app = createApp({
    lakeDir: await writeFixtureLake(),
    hub,
    hostname: "127.0.0.1",
    port: 8080,
  });
  const text = await (await app.request("http://127.0.0.1:8080/metrics")).text();
  assert.ok(text.startsWith("# Scope: last replay (lake quality report)\n"), text);
  assert.match(text, /# HELP shopease_quarantined_total .*Scope: last replay/);
  hub.close();
});
