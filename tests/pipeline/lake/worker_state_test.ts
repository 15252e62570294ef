import assert from "node:assert/strict";
import { LAKE_SCHEMAS } from "../../../pipeline/lake/lake_schema.ts";
import { createSharedState, putJob, takeJob } from "../../../pipeline/lake/worker_state.ts";

Deno.test("putJob() and takeJob() carry a job through a slot, growing it when needed", () => {
  const [slot] = createSharedState().slots;
  const small = Uint8Array.of(1, 2, 3);
  const large = new Uint8Array(3 << 20).fill(7);
  for (const ipc of [small, large, small]) {
    const job = { dir: "/lake/été", name: "part-00001.parquet", reset: true, rows: 3, ipc };
    const back = takeJob((putJob(slot, { ...job, specs: LAKE_SCHEMAS.reviews }), slot));
    assert.deepEqual({ ...back, ipc: new Uint8Array(back.ipc) }, {
      ...job,
      specs: LAKE_SCHEMAS.reviews,
    });
  }
  assert.ok(slot.byteLength >= 3 << 20);
});
