import assert from "node:assert/strict";
import { LAKE_SCHEMAS } from "../../../pipeline/lake/lake_schema.ts";
import { createSharedState, putJob, takeJob } from "../../../pipeline/lake/worker_state.ts";

Deno.test("putJob() and takeJob() carry a job through a slot, growing it when needed", () => {
  const [slot] = createSharedState().slots;
  const small = Uint8Array.of(1, 2, 3);
  const large = new Uint8Array(3 << 20).fill(7);
  for (const bytes of [small, large, small]) {
    const columns = [
      { arrays: [Int32Array.of(0, 3), bytes.subarray(1), null] },
      { arrays: [Float64Array.of(1.5, -2), Uint8Array.of(1, 0)] },
      { arrays: [Int32Array.of(1, 0)], strings: ["a", "été"] },
    ];
    const job = { dir: "/lake/été", name: "part-00001.parquet", reset: true, rows: 2, columns };
    const back = takeJob((putJob(slot, { ...job, specs: LAKE_SCHEMAS.reviews }), slot));
    // Views of the slot, of the same kinds and values as the arrays put in.
    const copied = back.columns.map((column) => ({
      ...column,
      arrays: column.arrays.map((array) => array === null ? null : array.slice()),
    }));
    assert.deepEqual({ ...back, columns: copied }, { ...job, specs: LAKE_SCHEMAS.reviews });
  }
  assert.ok(slot.byteLength >= 3 << 20);
});
