import assert from "node:assert/strict";
import fc from "fast-check";
import { cutAtRanges } from "../../../pipeline/lake/cut_at_ranges.ts";

const r = (first: number, last: number) => ({ topic: "t", partition: 0, first, last });

Deno.test("cutAtRanges() lines batches up with committed ranges, nested ones included", () => {
  // Table A compacted 0-199; table B still has 100-149 and 150-199; 200-260 is new.
  const ranges = [r(0, 199), r(100, 149), r(150, 199)];
  assert.deepEqual(cutAtRanges(100, 260, ranges), [[100, 149], [150, 199], [200, 260]]);
  assert.deepEqual(cutAtRanges(120, 130, ranges), [[120, 130]]);
  assert.deepEqual(cutAtRanges(5, 5, []), [[5, 5]]);
  assert.throws(() => cutAtRanges(9, 8, []), /9-8/);
});

Deno.test("cutAtRanges() never returns a batch that straddles a committed range", () => {
  const range = fc.tuple(fc.nat(200), fc.nat(40)).map(([first, size]) => r(first, first + size));
  fc.assert(
    fc.property(
      fc.nat(200),
      fc.nat(100),
      fc.array(range, { maxLength: 6 }),
      (first, size, ranges) => {
        const batches = cutAtRanges(first, first + size, ranges);
        assert.equal(batches[0][0], first);
        assert.equal(batches[batches.length - 1][1], first + size);
        for (let i = 1; i < batches.length; i++) assert.equal(batches[i][0], batches[i - 1][1] + 1);
        for (const [a, b] of batches) {
          assert.ok(a <= b);
          for (const c of ranges) {
            const disjoint = b < c.first || a > c.last;
            const inside = c.first <= a && b <= c.last;
            assert.ok(disjoint || inside, `${a}-${b} straddles ${c.first}-${c.last}`);
          }
        }
      },
    ),
  );
});
