import assert from "node:assert/strict";
import { ReportStore } from "../../server/report_store.ts";
import { watchReports } from "../../server/report_watcher.ts";
import { SseHub } from "../../server/sse_hub.ts";

Deno.test("watchReports() keeps polling after a lake it cannot read, and says so in one line", async () => {
  const lake = await Deno.makeTempDir({ prefix: "report_watcher_" });
  // `reports` is a file: every stat under it fails with "Not a directory", not NotFound.
  await Deno.writeTextFile(`${lake}/reports`, "");
  const hub = new SseHub();
  const published: number[] = [];
  const publish = hub.publish.bind(hub);
  hub.publish = (type, data) => {
    published.push(1);
    return publish(type, data);
  };
  const errors: string[] = [];
  const error = console.error;
  console.error = (...args: unknown[]) => errors.push(args.map(String).join(" "));
  const stop = watchReports(new ReportStore(lake), hub, 20);
  try {
    await new Promise((r) => setTimeout(r, 100));
    await Deno.remove(`${lake}/reports`);
    await Deno.mkdir(`${lake}/reports`);
    await new Promise((r) => setTimeout(r, 60));
    await Deno.writeTextFile(`${lake}/reports/summary.json`, "[]");
    await new Promise((r) => setTimeout(r, 150));
  } finally {
    stop();
    console.error = error;
    await Deno.remove(lake, { recursive: true });
  }
  assert.ok(published.length > 0, "the report written after the failure was never announced");
  assert.ok(errors.length > 0);
  for (const line of errors) assert.doesNotMatch(line, /\n/);
});
