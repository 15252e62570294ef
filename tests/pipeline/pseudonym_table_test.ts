import assert from "node:assert/strict";
import { PseudonymTable } from "../../pipeline/pseudonym_table.ts";

const encoder = new TextEncoder();

/** A table whose pseudonyms are the id reversed, counting how often each id is computed. */
function counting(generation: number) {
  const computed = new Map<string, number>();
  const table = new PseudonymTable((bytes, start, length) => {
    const id = new TextDecoder().decode(bytes.subarray(start, start + length));
    computed.set(id, (computed.get(id) ?? 0) + 1);
    return [...id].reverse().join("") + "!";
  }, generation);
  const lookup = (id: string) => {
    // The id sits inside a larger buffer, as it does in a batch of ids.
    const bytes = encoder.encode(`##${id}##`);
    return table.pseudonym(bytes, 2, bytes.length - 4);
  };
  return { lookup, computed };
}

Deno.test("PseudonymTable computes each id once while it stays cached", () => {
  const { lookup, computed } = counting(100);
  for (let round = 0; round < 3; round++) {
    for (const id of ["541312140", "72d76fde-aaaa", "", "a", "ab"]) {
      assert.equal(lookup(id), [...id].reverse().join("") + "!");
    }
  }
  assert.deepEqual([...computed.values()], [1, 1, 1, 1, 1]);
});

Deno.test("PseudonymTable tells apart ids that share a prefix or differ in one byte", () => {
  const { lookup } = counting(1000);
  const ids: string[] = [];
  for (let i = 0; i < 500; i++) ids.push(`user-${i}`, `user-${i}0`, `User-${i}`);
  for (const id of ids) assert.equal(lookup(id), [...id].reverse().join("") + "!");
  for (const id of ids) assert.equal(lookup(id), [...id].reverse().join("") + "!", `again ${id}`);
});

Deno.test("PseudonymTable keeps ids in use across generations and forgets the others", () => {
  const { lookup, computed } = counting(2);
  lookup("hot");
  for (let i = 0; i < 20; i++) {
    lookup(`cold${i}`);
    lookup("hot"); // found in the young or the old generation: never computed again
  }
  assert.equal(computed.get("hot"), 1);
  assert.equal(lookup("cold0"), "0dloc!");
  assert.equal(computed.get("cold0"), 2, "evicted, so computed again");
});

Deno.test("PseudonymTable holds many long ids, growing its key storage", () => {
  const { lookup, computed } = counting(5000);
  const ids = Array.from({ length: 5000 }, (_, i) => `${"x".repeat(200)}-${i}`);
  for (const id of ids) lookup(id);
  for (const id of ids) assert.equal(lookup(id), [...id].reverse().join("") + "!");
  assert.equal(computed.size, 5000);
  assert.ok([...computed.values()].every((n) => n === 1));
});

Deno.test("PseudonymTable rejects a generation below 1", () => {
  assert.throws(() => new PseudonymTable(() => "", 0), /generation must be at least 1, got 0/);
});
