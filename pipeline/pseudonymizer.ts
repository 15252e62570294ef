/**
 * Keyed pseudonyms for user and session ids, and the key they depend on.
 *
 * @module
 */

import { createHmac, randomBytes } from "node:crypto";
import { dirname } from "node:path";
import type { ColumnPseudonym, IdKind } from "../operators/anonymize.ts";
import { createByteHmac } from "./fast_hmac.ts";
import { PseudonymTable } from "./pseudonym_table.ts";

/** Environment variable that holds the anonymization key. */
export const ANON_KEY_ENV = "SHOPEASE_ANON_KEY";

/** Key file used when the environment variable is not set. */
export const DEFAULT_KEY_FILE = ".shopease/anon.key";

/** The id whose pseudonym tells keys apart (`keyCheckOf`): no input holds a NUL in an id. */
const KEY_CHECK_ID = "\u0000shopease key check";

/**
 * What a lake records of the key its ids were pseudonymized with: the pseudonym of a fixed id
 * that no input holds. Equal for equal keys, different (but for a 2⁻¹²⁸ chance) for different
 * ones, and no help in finding the key or any id's pseudonym.
 *
 * @param pseudonym the run's pseudonym function
 * @returns 32 hex characters
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const a = createPseudonymizer(new TextEncoder().encode("one key of 16+ characters"));
 * const b = createPseudonymizer(new TextEncoder().encode("another key of 16+ characters"));
 * assert.notEqual(keyCheckOf(a), keyCheckOf(b));
 * ```
 */
export function keyCheckOf(pseudonym: (id: string) => string): string {
  return pseudonym(KEY_CHECK_ID);
}

/**
 * Entries per generation of the session id cache. A session's events come in a burst, so a
 * small cache keeps all live sessions (none was hashed twice on the generated data) and stays
 * in the processor's caches; 2 × 32k entries also bound its memory.
 */
const SESSION_GENERATION = 32_768;

const HEX_KEY = /^(?:[0-9a-fA-F]{2}){16,}$/;

/**
 * A pseudonym function that can also replace a whole column of ids at once, the way
 * `anonymize` calls it; both give the same pseudonyms.
 */
export interface Pseudonymizer extends ColumnPseudonym {
  (id: string): string;
  replaceAll(ids: string[], count: number, kind: IdKind): void;
}

/**
 * Creates a pseudonym function: HMAC-SHA-256 of the id under `key`, first 16 bytes as 32
 * lower-case hex characters. Keyed, so ids cannot be recovered by hashing candidate ids without
 * the key; deterministic, so the same id maps to the same pseudonym in every table and run
 * that uses the same key.
 *
 * Ids repeat a lot (a user has many events, a session several), so results are cached, one
 * {@linkcode PseudonymTable} per id kind: user ids recur over the whole history while a session
 * id is seen in a short burst, and in a shared cache the sessions pushed the users out. ASCII ids
 * up to 55 bytes (nearly all) are hashed by {@linkcode createByteHmac}, about 5× faster than
 * node:crypto's `createHmac`, which handles the rest; both give the same result. Ids with other
 * characters skip the tables and use a small `Map` instead.
 *
 * `replaceAll` takes a column of ids: it joins them and encodes the text with one
 * `encodeInto`, so each id is hashed and compared as bytes without a string copy.
 *
 * @param key The secret key (see {@linkcode loadAnonKey}).
 * @param cacheSize User ids kept in the cache, at most (session ids: at most as many, and at most
 *   65,536). Default 50,000: ids repeat within minutes, so a larger cache hashed hardly fewer ids
 *   on the generated 3M-event set (HMAC time 2.11 s at 200,000, 2.16 s at 50,000) but made every
 *   probe slower and, through V8's heap growth, cost about 40 MB of peak RSS at 10M events.
 * @returns `(id) => pseudonym`, with `replaceAll(ids, count, kind)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // A replay uses `await loadAnonKey()`: SHOPEASE_ANON_KEY, else .shopease/anon.key.
 * const pseudonym = createPseudonymizer(await loadAnonKey({ env: "an example key of 16+ chars" }));
 * const one = pseudonym("541312140"); // e.g. "3f1c9a0e7b5d42c18e6f0a9b2c4d6e8f"
 * assert.match(one, /^[0-9a-f]{32}$/);
 * const ids = ["541312140", "541312141"];
 * pseudonym.replaceAll(ids, ids.length, "user"); // ids now holds the two pseudonyms
 * assert.equal(ids[0], one);
 * ```
 */
export function createPseudonymizer(key: Uint8Array, cacheSize = 50_000): Pseudonymizer {
  if (key.length === 0) throw new RangeError("anonymization key is empty");
  if (!(cacheSize >= 2)) throw new RangeError(`cacheSize must be at least 2, got ${cacheSize}`);
  const secret = new Uint8Array(key); // a private copy: later changes to `key` do not matter
  const fast = createByteHmac(secret);
  const slow = (bytes: Uint8Array, start: number, length: number): string =>
    createHmac("sha256", secret).update(bytes.subarray(start, start + length)).digest("hex")
      .slice(0, 32);
  const compute = (bytes: Uint8Array, start: number, length: number): string =>
    fast(bytes, start, length) ?? slow(bytes, start, length);
  const generation = Math.floor(cacheSize / 2);
  const tables: Record<IdKind, PseudonymTable> = {
    user: new PseudonymTable(compute, generation),
    session: new PseudonymTable(compute, Math.min(generation, SESSION_GENERATION)),
  };
  let other = new Map<string, string>(); // ids that are not ASCII
  const encoder = new TextEncoder();
  let buffer = new Uint8Array(1 << 16);

  /** The pseudonym of one id; ASCII ids are copied into `buffer` as bytes by hand. */
  function one(id: string, table: PseudonymTable): string {
    const n = id.length;
    if (n > buffer.length) buffer = new Uint8Array(2 * n);
    const bytes = buffer;
    for (let i = 0; i < n; i++) {
      const c = id.charCodeAt(i);
      if (c > 127) return nonAscii(id);
      bytes[i] = c;
    }
    return table.pseudonym(bytes, 0, n);
  }

  function nonAscii(id: string): string {
    let pseudonym = other.get(id);
    if (pseudonym === undefined) {
      pseudonym = createHmac("sha256", secret).update(id).digest("hex").slice(0, 32);
      if (other.size >= cacheSize) other = new Map();
      // A copy of the id as key, so the cache does not pin the input chunk the id was sliced from.
      other.set((" " + id).slice(1), pseudonym);
    }
    return pseudonym;
  }

  const pseudonymizer = (id: string): string => one(id, tables.user);
  pseudonymizer.replaceAll = (ids: string[], count: number, kind: IdKind): void => {
    const table = tables[kind];
    const text = count === ids.length ? ids.join("") : ids.slice(0, count).join("");
    if (text.length > buffer.length) buffer = new Uint8Array(2 * text.length);
    const bytes = buffer;
    const { read, written } = encoder.encodeInto(text, bytes);
    if (read !== text.length || written !== text.length) {
      // Some id is not ASCII, so bytes and chars do not line up: one id at a time.
      for (let i = 0; i < count; i++) ids[i] = one(ids[i], table);
      return;
    }
    // A session's events often come one after another (a quarter of the rows repeat the id of
    // the row before, user and session alike): such a row reuses the last pseudonym, which costs
    // one native string compare instead of hashing and probing the table.
    let last: string | undefined; // none yet: even an empty first id is looked up
    let pseudonym = "";
    for (let i = 0, start = 0; i < count; i++) {
      const id = ids[i];
      const n = id.length;
      if (id !== last) {
        pseudonym = table.pseudonym(bytes, start, n);
        last = id;
      }
      ids[i] = pseudonym;
      start += n;
    }
  };
  return pseudonymizer;
}

/** Options of {@linkcode loadAnonKey}. */
export interface LoadAnonKeyOptions {
  /** The key text as if from `SHOPEASE_ANON_KEY`; when the property is absent, the variable is read. */
  env?: string | undefined;
  /** Key file used when no key text is given. Default `.shopease/anon.key`. */
  keyFile?: string;
}

/**
 * Loads the anonymization key. From `SHOPEASE_ANON_KEY` when set and not empty: an even number
 * of at least 32 hex digits is read as bytes, anything else as UTF-8 text of at least 16
 * characters. Otherwise from the key file, which is created on first use with 32 random bytes
 * (written as 64 hex digits, so it can be copied into the variable for other processes) and
 * mode 0600, its folder created as needed. The key is never logged or put in an error message.
 *
 * @param options Key text and key file (both optional).
 * @returns The key bytes.
 * @throws {RangeError} when the key text or file is too short.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const keyFile = `${dir}/anon.key`; // default: .shopease/anon.key
 * const key = await loadAnonKey({ env: undefined, keyFile }); // env var, or the file (created if missing)
 * assert.deepEqual(await loadAnonKey({ env: undefined, keyFile }), key);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadAnonKey(options: LoadAnonKeyOptions = {}): Promise<Uint8Array> {
  const text = "env" in options ? options.env : Deno.env.get(ANON_KEY_ENV);
  if (text !== undefined && text !== "") return keyFromText(text, `${ANON_KEY_ENV}`);
  const keyFile = options.keyFile ?? DEFAULT_KEY_FILE;
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(keyFile);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    return await createKeyFile(keyFile);
  }
  return keyFromText(new TextDecoder().decode(bytes).trim(), `key file ${keyFile}`, bytes);
}

function keyFromText(text: string, origin: string, fileBytes?: Uint8Array): Uint8Array {
  if (HEX_KEY.test(text)) {
    const bytes = new Uint8Array(text.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
    return bytes;
  }
  if (fileBytes !== undefined) {
    if (fileBytes.length === 0) {
      throw new RangeError(
        `${origin} is empty (a run that could not write it, on a full disk say); no pseudonym ` +
          "was made with it: delete it and run again",
      );
    }
    if (fileBytes.length < 16) {
      throw new RangeError(`${origin} is too short: ${fileBytes.length} bytes, need at least 16`);
    }
    return fileBytes;
  }
  const length = [...text].length;
  if (length < 16) {
    throw new RangeError(
      `${origin} is too short: ${length} characters, need at least 16 (or 32+ hex digits)`,
    );
  }
  return new TextEncoder().encode(text);
}

/**
 * Creates the key file whole or not at all: the key is written to a temporary file, which is then
 * linked under the key file's name. Written in place, a full disk (or a kill) left an empty key
 * file that every later run refused.
 */
async function createKeyFile(keyFile: string): Promise<Uint8Array> {
  await Deno.mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  const key = new Uint8Array(randomBytes(32));
  const hex = Array.from(key, (b) => b.toString(16).padStart(2, "0")).join("");
  const temp = `${keyFile}.${Deno.pid}-${hex.slice(0, 8)}.tmp`;
  try {
    await Deno.writeTextFile(temp, hex + "\n", { createNew: true, mode: 0o600 });
    await Deno.chmod(temp, 0o600);
    const file = await Deno.open(temp, { read: true });
    try {
      await file.sync(); // whole on disk before it has the key file's name
    } finally {
      file.close();
    }
    try {
      await Deno.link(temp, keyFile);
    } catch (error) {
      if (error instanceof Deno.errors.AlreadyExists) throw error;
      // A file system without hard links (FAT, some network mounts): written in place.
      await writeInPlace(keyFile, hex);
    }
  } catch (error) {
    // Another process created it first: use its key so both pseudonymize alike.
    if (error instanceof Deno.errors.AlreadyExists) return await loadAnonKey({ keyFile, env: "" });
    throw error;
  } finally {
    await Deno.remove(temp).catch(() => {});
  }
  return key;
}

/** Creates the key file in place, removing it again if the write fails. */
async function writeInPlace(keyFile: string, hex: string): Promise<void> {
  await Deno.writeTextFile(keyFile, "", { createNew: true, mode: 0o600 });
  try {
    await Deno.writeTextFile(keyFile, hex + "\n");
    await Deno.chmod(keyFile, 0o600);
  } catch (error) {
    await Deno.remove(keyFile).catch(() => {});
    throw error;
  }
}
