import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createByteHmac, createFastHmac } from "../../pipeline/fast_hmac.ts";

function reference(key: Uint8Array, id: string): string {
  return createHmac("sha256", key).update(id).digest("hex").slice(0, 32);
}

Deno.test("createFastHmac() equals node:crypto HMAC-SHA-256 for ASCII ids up to 55 chars", () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (const keyLength of [1, 20, 32, 63, 64, 65, 128]) {
    const key = new Uint8Array(keyLength).map(() => next() & 255);
    const hmac = createFastHmac(key);
    for (let n = 0; n <= 55; n++) {
      let id = "";
      for (let i = 0; i < n; i++) id += String.fromCharCode(next() % 128);
      assert.equal(hmac(id), reference(key, id), `key ${keyLength} bytes, id of ${n} chars`);
    }
    const uuid = crypto.randomUUID();
    assert.equal(hmac(uuid), reference(key, uuid));
  }
});

Deno.test("createFastHmac() declines ids it does not handle", () => {
  const hmac = createFastHmac(new Uint8Array(32));
  assert.equal(hmac("x".repeat(56)), null);
  assert.equal(hmac("café"), null);
});

Deno.test("createFastHmac() does not depend on the key array after creation", () => {
  const key = new Uint8Array(32).fill(9);
  const hmac = createFastHmac(key);
  const expected = reference(key, "u1");
  key.fill(0);
  assert.equal(hmac("u1"), expected);
});

Deno.test("createByteHmac() equals node:crypto HMAC-SHA-256 of up to 55 bytes at any offset", () => {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (const keyLength of [1, 32, 64, 65]) {
    const key = new Uint8Array(keyLength).map(() => next() & 255);
    const hmac = createByteHmac(key);
    const buffer = new Uint8Array(80).map(() => next() & 255); // any bytes, not only ASCII
    for (let n = 0; n <= 55; n++) {
      const start = n % 7;
      const message = buffer.subarray(start, start + n);
      const expected = createHmac("sha256", key).update(message).digest("hex").slice(0, 32);
      assert.equal(hmac(buffer, start, n), expected, `key ${keyLength} bytes, ${n} bytes`);
    }
    assert.equal(hmac(buffer, 0, 56), null);
  }
});
