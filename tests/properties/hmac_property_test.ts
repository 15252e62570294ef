/**
 * The hand-written HMAC-SHA-256 and the pseudonymizer's cached tables give what node:crypto gives,
 * for any id, key and cache size (fast-check).
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { createHmac } from "node:crypto";
import { createByteHmac, createFastHmac } from "../../pipeline/fast_hmac.ts";
import { createPseudonymizer } from "../../pipeline/pseudonymizer.ts";

const encoder = new TextEncoder();

function reference(key: Uint8Array, bytes: Uint8Array | string): string {
  const data = typeof bytes === "string" ? encoder.encode(bytes) : bytes;
  return createHmac("sha256", key).update(data).digest("hex").slice(0, 32);
}

const key = fc.uint8Array({ minLength: 1, maxLength: 200 });

Deno.test("createByteHmac equals node:crypto for all lengths 0..64 at any offset", () => {
  fc.assert(
    fc.property(
      key,
      fc.uint8Array({ minLength: 0, maxLength: 80 }),
      fc.nat(80),
      fc.nat(64),
      (k, buf, s, n) => {
        const start = Math.min(s, buf.length);
        const length = Math.min(n, buf.length - start);
        const got = createByteHmac(k)(buf, start, length);
        if (length > 55) return got === null;
        return got === reference(k, buf.subarray(start, start + length));
      },
    ),
    { numRuns: 20_000 },
  );
  // Every length once, with keys around the 64-byte block size.
  for (const keyLength of [1, 31, 32, 63, 64, 65, 128, 200]) {
    const k = new Uint8Array(keyLength).map((_, i) => (i * 37 + 11) & 255);
    const hmac = createByteHmac(k);
    for (let n = 0; n <= 64; n++) {
      const bytes = new Uint8Array(n + 3).map((_, i) => (i * 101 + 7) & 255);
      const got = hmac(bytes, 3, n);
      assert.equal(
        got,
        n > 55 ? null : reference(k, bytes.subarray(3, 3 + n)),
        `key ${keyLength} len ${n}`,
      );
    }
  }
});

Deno.test("createFastHmac equals node:crypto or returns null (non-ASCII, > 55)", () => {
  const ids = fc.oneof(
    fc.string({
      unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)),
      maxLength: 64,
    }),
    fc.string({ unit: "binary", maxLength: 64 }),
    fc.string({ unit: "grapheme", maxLength: 20 }),
  );
  fc.assert(
    fc.property(key, fc.array(ids, { maxLength: 8 }), (k, list) => {
      const hmac = createFastHmac(k); // reused across ids: stale state must not leak
      for (const id of list) {
        const got = hmac(id);
        const ascii = [...id].every((c) => c.charCodeAt(0) < 128);
        if (!ascii || id.length > 55) assert.equal(got, null, JSON.stringify(id));
        else assert.equal(got, reference(k, id), JSON.stringify(id));
      }
    }),
    { numRuns: 10_000 },
  );
});

const idUnit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("a", "b", "1", "2", "-", "_", "0") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "\ud800",
      "\udc00",
      "é",
      "日",
      "😀",
      "\ud83d",
      "\ude00",
      "\u0080",
      "\u007f",
      "\u0000",
    ),
  },
);
const id = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: idUnit, maxLength: 6 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom("x", "y"), minLength: 50, maxLength: 70 }),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 10 }) },
  { weight: 1, arbitrary: fc.constant("") },
);

type Op = { kind: "one"; id: string } | {
  kind: "all";
  ids: string[];
  count: number;
  table: "user" | "session";
};
const op: fc.Arbitrary<Op> = fc.oneof(
  id.map((id) => ({ kind: "one" as const, id })),
  fc.tuple(
    fc.array(id, { maxLength: 30 }),
    fc.nat(30),
    fc.constantFrom("user" as const, "session" as const),
  )
    .map(([ids, c, table]) => ({
      kind: "all" as const,
      ids,
      count: Math.min(c, ids.length),
      table,
    })),
);

Deno.test("createPseudonymizer pseudonym/replaceAll equal node:crypto for any sequence", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 80 }),
      fc.integer({ min: 2, max: 9 }),
      fc.array(op, { maxLength: 25 }),
      (k, cacheSize, ops) => {
        const p = createPseudonymizer(k, cacheSize);
        for (const o of ops) {
          if (o.kind === "one") {
            assert.equal(p(o.id), reference(k, o.id), `pseudonym(${JSON.stringify(o.id)})`);
          } else {
            const ids = o.ids.slice();
            p.replaceAll(ids, o.count, o.table);
            const want = o.ids.map((id, i) => i < o.count ? reference(k, id) : id);
            assert.deepEqual(ids, want, `replaceAll(${JSON.stringify(o.ids)}, ${o.count})`);
          }
        }
      },
    ),
    { numRuns: 5_000 },
  );
});

Deno.test("replaceAll with many distinct ids and generation swaps", () => {
  const k = encoder.encode("an example key, 32 bytes or more");
  const p = createPseudonymizer(k, 4);
  for (let round = 0; round < 50; round++) {
    const ids = Array.from(
      { length: 200 },
      (_, i) => `${(i * 7919 + round * 13) % 97}`.repeat(1 + (i % 3)),
    );
    const want = ids.map((id) => reference(k, id));
    p.replaceAll(ids, ids.length, round % 2 === 0 ? "user" : "session");
    assert.deepEqual(ids, want);
  }
});

Deno.test("pseudonymizer with ids and columns longer than its 64 KiB buffer", () => {
  const k = encoder.encode("an example key, 32 bytes or more");
  const p = createPseudonymizer(k, 2);
  const long = "x".repeat(70_000);
  assert.equal(p(long), reference(k, long));
  assert.equal(p(long + "é"), reference(k, long + "é"));
  const ids = [long, "a", long + "y", "", "a", "\ud800", long];
  const want = ids.map((id) => reference(k, id));
  p.replaceAll(ids, ids.length, "session");
  assert.deepEqual(ids, want);
  const ascii = Array.from({ length: 3000 }, (_, i) => `${i % 7}`.repeat(40 + (i % 30)));
  const wantAscii = ascii.map((id) => reference(k, id));
  p.replaceAll(ascii, ascii.length, "user");
  assert.deepEqual(ascii, wantAscii);
});
