import assert from "node:assert/strict";
import { LAKE_SCHEMAS } from "../../../pipeline/lake/lake_schema.ts";
import {
  createSharedState,
  growRing,
  layoutJob,
  putJob,
  RING_BYTES,
  takeJob,
} from "../../../pipeline/lake/worker_state.ts";

Deno.test("putJob() and takeJob() carry a job through the ring at any offset", () => {
  const { ring } = createSharedState();
  const small = Uint8Array.of(1, 2, 3);
  const large = new Uint8Array(3 << 20).fill(7);
  let offset = 0;
  for (const bytes of [small, large, small]) {
    const columns = [
      { arrays: [Int32Array.of(0, 3), bytes.subarray(1), null] },
      { arrays: [Float64Array.of(1.5, -2), Uint8Array.of(1, 0)] },
      { arrays: [Int32Array.of(1, 0)], strings: ["a", "été"] },
    ];
    const job = { dir: "/lake/été", name: "part-00001.parquet", reset: true, rows: 2, columns };
    const layout = layoutJob({ ...job, specs: LAKE_SCHEMAS.reviews });
    assert.equal(layout.size % 8, 0);
    assert.ok(layout.size >= bytes.byteLength + 24);
    putJob(ring, offset, layout);
    const back = takeJob(ring, offset);
    // Views of the ring, of the same kinds and values as the arrays put in.
    const copied = back.columns.map((column) => ({
      ...column,
      arrays: column.arrays.map((array) => array === null ? null : array.slice()),
    }));
    assert.deepEqual({ ...back, columns: copied }, { ...job, specs: LAKE_SCHEMAS.reviews });
    offset += layout.size;
  }
});

Deno.test("growRing() grows to a power of two for a larger job, never shrinks, has a limit", () => {
  const { ring } = createSharedState();
  assert.equal(ring.byteLength, RING_BYTES);
  assert.equal(growRing(ring, 100), RING_BYTES);
  assert.equal(growRing(ring, RING_BYTES + 1), RING_BYTES * 2);
  assert.equal(ring.byteLength, RING_BYTES * 2);
  assert.throws(() => growRing(ring, 2 ** 31), /exceed/);
});
