import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createPseudonymizer, loadAnonKey } from "../../pipeline/pseudonymizer.ts";

const KEY = new Uint8Array(32).map((_, i) => i);

Deno.test("createPseudonymizer() gives the first 16 bytes of HMAC-SHA-256 as 32 hex chars", () => {
  const pseudonym = createPseudonymizer(KEY);
  const expected = createHmac("sha256", KEY).update("541312140").digest("hex").slice(0, 32);
  assert.equal(pseudonym("541312140"), expected);
  assert.match(pseudonym("x"), /^[0-9a-f]{32}$/);
});

Deno.test("createPseudonymizer() is keyed: another key gives other pseudonyms", () => {
  const other = KEY.slice();
  other[0] = 99;
  assert.notEqual(createPseudonymizer(KEY)("u1"), createPseudonymizer(other)("u1"));
  assert.notEqual(
    createPseudonymizer(KEY)("u1"),
    createHmac("sha256", new Uint8Array(0)).update("u1").digest("hex").slice(0, 32),
  );
});

Deno.test("createPseudonymizer() answers the same after its cache evicts entries", () => {
  const small = createPseudonymizer(KEY, 2);
  assert.throws(() => createPseudonymizer(KEY, 1), RangeError);
  const fresh = createPseudonymizer(KEY);
  const ids = ["a", "b", "c", "a", "d", "b", "a"];
  assert.deepEqual(ids.map(small), ids.map(fresh));
});

Deno.test("createPseudonymizer() is not affected by later changes to the key array", () => {
  const key = KEY.slice();
  const pseudonym = createPseudonymizer(key);
  const before = createPseudonymizer(KEY)("zz");
  key.fill(0);
  assert.equal(pseudonym("zz"), before);
});

Deno.test("loadAnonKey() reads 32+ hex digits from the variable as bytes", async () => {
  const key = await loadAnonKey({ env: "00".repeat(15) + "ff" + "0a" });
  assert.equal(key.length, 17);
  assert.equal(key[15], 255);
  assert.equal(key[16], 10);
});

Deno.test("loadAnonKey() reads other variable text as UTF-8 bytes", async () => {
  const key = await loadAnonKey({ env: "correct horse battery" });
  assert.deepEqual(key, new TextEncoder().encode("correct horse battery"));
});

Deno.test("loadAnonKey() rejects a short key without printing it", async () => {
  const secret = "hunter2-short";
  await assert.rejects(loadAnonKey({ env: secret }), (error: Error) => {
    assert.ok(error instanceof RangeError);
    assert.match(error.message, /SHOPEASE_ANON_KEY is too short: 13 characters/);
    assert.ok(!error.message.includes(secret));
    return true;
  });
});

Deno.test("loadAnonKey() creates a 0600 key file of 32 random bytes once and reuses it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const keyFile = `${dir}/nested/anon.key`;
    const first = await loadAnonKey({ env: undefined, keyFile });
    assert.equal(first.length, 32);
    assert.equal((await Deno.stat(keyFile)).mode! & 0o777, 0o600);
    const again = await loadAnonKey({ env: "", keyFile });
    assert.deepEqual(again, first);
    const elsewhere = await loadAnonKey({ env: undefined, keyFile: `${dir}/other.key` });
    assert.notDeepEqual(elsewhere, first);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadAnonKey() prefers the variable over the key file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const keyFile = `${dir}/anon.key`;
    const key = await loadAnonKey({ env: "ab".repeat(32), keyFile });
    assert.equal(key.length, 32);
    await assert.rejects(Deno.stat(keyFile), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadAnonKey() rejects a key file that is too short, naming the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const keyFile = `${dir}/anon.key`;
    await Deno.writeTextFile(keyFile, "tiny");
    await assert.rejects(
      loadAnonKey({ env: undefined, keyFile }),
      /key file .*anon\.key is too short/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("createPseudonymizer() equals createHmac for any id and key length", () => {
  for (const keyLength of [1, 16, 32, 64, 65, 200]) {
    const key = new Uint8Array(keyLength).map((_, i) => (i * 31 + keyLength) & 255);
    const pseudonym = createPseudonymizer(key, 4);
    for (
      const id of ["", "a", "541312140", "ü€😀", "x".repeat(55), "y".repeat(56), "z".repeat(300)]
    ) {
      const expected = createHmac("sha256", key).update(id).digest("hex").slice(0, 32);
      assert.equal(pseudonym(id), expected, `key ${keyLength} bytes, id ${id.length} chars`);
      assert.equal(pseudonym(id), expected, "cached answer");
    }
  }
});

Deno.test("createPseudonymizer().replaceAll() gives what the function gives, for any ids", () => {
  const key = new Uint8Array(32).map((_, i) => i * 7);
  const reference = (id: string) => createHmac("sha256", key).update(id).digest("hex").slice(0, 32);
  const ascii = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `${i}` : `id-${i % 50}`));
  const mixed = [
    ...ascii.slice(0, 20),
    "ü€😀",
    "x".repeat(55),
    "y".repeat(56),
    "z".repeat(300),
    "",
  ];
  for (const kind of ["user", "session"] as const) {
    const pseudonym = createPseudonymizer(key, 8); // small: ids are evicted and hashed again
    for (const ids of [ascii, mixed]) {
      const column = [...ids, "left alone"];
      pseudonym.replaceAll(column, ids.length, kind);
      assert.deepEqual(column, [...ids.map(reference), "left alone"], `${kind} ids`);
      assert.deepEqual(ids.map(pseudonym), ids.map(reference), "one at a time");
    }
  }
});

Deno.test("createPseudonymizer().replaceAll() gives repeated ids (a session's run) their own pseudonym", () => {
  const key = new Uint8Array(32).map((_, i) => i * 5);
  const reference = (id: string) => createHmac("sha256", key).update(id).digest("hex").slice(0, 32);
  // Runs of one id, an empty first id, ids that differ in one char or only in length.
  const ids = ["", "", "a", "a", "a", "ab", "ab", "a", "", "ba", "ba", "b", "a", "a"];
  for (const kind of ["user", "session"] as const) {
    const pseudonym = createPseudonymizer(key, 2);
    const column = [...ids];
    pseudonym.replaceAll(column, ids.length, kind);
    assert.deepEqual(column, ids.map(reference), `${kind} ids`);
  }
});

Deno.test("createPseudonymizer() caches user and session ids apart, with the same results", () => {
  const pseudonym = createPseudonymizer(KEY, 4);
  const users = ["u1", "u2"];
  const sessions = ["u1", "s1"];
  pseudonym.replaceAll(users, 2, "user");
  pseudonym.replaceAll(sessions, 2, "session");
  assert.equal(sessions[0], users[0]);
  assert.equal(sessions[1], pseudonym("s1"));
});

Deno.test("loadAnonKey() says what to do with an empty key file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const keyFile = `${dir}/anon.key`;
    await Deno.writeTextFile(keyFile, "");
    await assert.rejects(
      loadAnonKey({ env: undefined, keyFile }),
      /is empty .*delete it and run again/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
