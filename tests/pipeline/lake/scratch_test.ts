import assert from "node:assert/strict";
import fc from "fast-check";
import { Scratch } from "../../../pipeline/lake/scratch.ts";

type Kind = "bytes" | "int32" | "bigInt64";

/** One file's arrays: each filled with its own mark once made, checked after all are made. */
function makeFile(scratch: Scratch, arrays: [Kind, number][]): void {
  const made = arrays.map(([kind, length], mark) => {
    const array = scratch[kind](length);
    assert.equal(array.length, length);
    assert.equal(array.byteOffset % 8, 0, "aligned for any element size");
    for (let i = 0; i < length; i++) {
      assert.equal(Number(array[i]), 0, `${kind}(${length}) is zero-filled`);
    }
    if (array instanceof BigInt64Array) array.fill(BigInt(mark + 1));
    else array.fill(mark + 1);
    return array;
  });
  made.forEach((array, mark) => {
    for (let i = 0; i < array.length; i++) {
      assert.equal(Number(array[i]), mark + 1, "no array overlaps another of the same file");
    }
  });
}

Deno.test("Scratch hands out zeroed, aligned arrays that do not overlap until the next reset", () => {
  const kind = fc.constantFrom<Kind>("bytes", "int32", "bigInt64");
  const file = fc.array(fc.tuple(kind, fc.integer({ min: 0, max: 300 })), { maxLength: 12 });
  fc.assert(
    fc.property(
      fc.integer({ min: 8, max: 512 }),
      fc.array(file, { maxLength: 6 }),
      (first, files) => {
        const scratch = new Scratch(first);
        for (const arrays of files) {
          scratch.reset();
          makeFile(scratch, arrays);
        }
      },
    ),
  );
});

Deno.test("Scratch grows past the largest file and then reuses its memory", () => {
  const scratch = new Scratch(1024);
  const before = scratch.int32(100);
  const large = scratch.bigInt64(1000); // 8,000 bytes: a new buffer
  assert.notEqual(large.buffer, before.buffer);
  assert.equal(scratch.capacity, 8192);
  scratch.reset();
  const again = scratch.bigInt64(1000);
  assert.equal(again.buffer, large.buffer, "the grown buffer is kept");
  assert.equal(scratch.capacity, 8192);
});
