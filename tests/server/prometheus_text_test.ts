import assert from "node:assert/strict";
import { prometheusText } from "../../server/prometheus_text.ts";

Deno.test("prometheusText() writes HELP, TYPE and one sample per known value", () => {
  const text = prometheusText({
    eventsIn: 1200,
    recordsPerSecond: 350.5,
    quarantinedByReason: { late: 3, invalid_price: 1 },
    consumerLag: 42,
    watermarkDelaySeconds: 1.5,
    sseClients: 2,
  });
  const samples = text.split("\n").filter((line) => line && !line.startsWith("#"));
  assert.deepEqual(samples, [
    "shopease_events_in_total 1200",
    "shopease_records_per_second 350.5",
    'shopease_quarantined_total{reason="invalid_price"} 1',
    'shopease_quarantined_total{reason="late"} 3',
    "shopease_consumer_lag 42",
    "shopease_watermark_delay_seconds 1.5",
    "shopease_sse_clients 2",
  ]);
  assert.match(text, /^# TYPE shopease_events_in_total counter$/m);
  assert.match(text, /^# TYPE shopease_consumer_lag gauge$/m);
  assert.ok(text.endsWith("\n"));
});

Deno.test("prometheusText() leaves unknown values out and escapes label values", () => {
  const text = prometheusText({ quarantinedByReason: { 'bad "quote"\\\n': 1 }, sseClients: 0 });
  assert.doesNotMatch(text, /^shopease_consumer_lag /m);
  assert.match(text, /^# TYPE shopease_consumer_lag gauge$/m);
  assert.ok(text.includes('shopease_quarantined_total{reason="bad \\"quote\\"\\\\\\n"} 1'));
});
