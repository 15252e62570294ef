import assert from "node:assert/strict";
import fc from "fast-check";
import { JobRing } from "../../../pipeline/lake/job_ring.ts";

Deno.test("JobRing places jobs one after another, wraps to the start, and waits when full", () => {
  const ring = new JobRing(100);
  assert.equal(ring.fit(40), 0);
  ring.add(0, 40);
  assert.equal(ring.fit(40), 40);
  ring.add(40, 40);
  assert.equal(ring.fit(40), null); // 20 bytes left at the end, none before the oldest job
  ring.release(); // [0, 40) free
  assert.equal(ring.fit(40), 0); // does not fit at the end: goes to the start
  ring.add(0, 40);
  assert.equal(ring.fit(1), null); // wrapped and full: [40, 80) and [0, 40) in use
  ring.release(); // the job at [40, 80) is done; [0, 40) is pending
  assert.equal(ring.fit(60), 40); // room from its end to the ring's
  ring.release();
  assert.equal(ring.pending, 0);
  assert.equal(ring.fit(100), 0); // nothing pending: the start, whatever the head was
  assert.equal(ring.fit(101), null);
});

Deno.test("JobRing grows only while nothing is pending", () => {
  const ring = new JobRing(64);
  ring.add(0, 8);
  assert.throws(() => ring.grow(128), /pending/);
  ring.release();
  ring.grow(128);
  assert.equal(ring.capacity, 128);
  assert.equal(ring.fit(128), 0);
});

Deno.test("JobRing never places a job over a pending one or past its end", () => {
  // Commands: a positive number adds a job of that size (when it fits), 0 releases the oldest.
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 200 }),
      fc.array(fc.nat(120), { maxLength: 60 }),
      (capacity, commands) => {
        const ring = new JobRing(capacity);
        const pending: [number, number][] = [];
        for (const size of commands) {
          if (size === 0) {
            if (pending.length > 0) {
              ring.release();
              pending.shift();
            }
            continue;
          }
          const start = ring.fit(size);
          // Nothing pending: a job that fits the ring always gets a place.
          if (pending.length === 0) assert.equal(start === null, size > capacity);
          if (start === null) continue;
          assert.ok(start >= 0 && start + size <= capacity);
          for (const [a, b] of pending) assert.ok(start + size <= a || b <= start);
          ring.add(start, size);
          pending.push([start, start + size]);
        }
      },
    ),
  );
});
