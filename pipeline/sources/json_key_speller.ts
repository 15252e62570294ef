/**
 * Matches JSON object keys to a format's column names the way CSV headers are matched.
 *
 * @module
 */

import { columnKey } from "./csv_header.ts";

/** Keys remembered per speller; beyond this a file of ever-new keys is spelled uncached. */
const MEMO_LIMIT = 4096;

/**
 * Makes a function that renames the keys of a parsed JSON object to the spellings a format knows,
 * by {@linkcode columnKey} (so `USER_ID`, `User Id` and `userId` become `user_id`), as
 * `CsvSplitter` does with header names. Decoders then find the fields, and the quarantine
 * redaction sees an id under its known name, so it is pseudonymized whatever its spelling. A key
 * already spelled as known wins over another spelling of it; keys the format does not know are
 * kept as they are. An object whose keys are all spelled as known (the usual case) is returned
 * as is, without a copy.
 *
 * @param known The column names the format reads.
 * @returns The renaming function.
 * @example
 * ```ts
 * const spell = jsonKeySpeller(["user_id", "price"]);
 * spell({ "User Id": "u1", price: 2 }); // { user_id: "u1", price: 2 }
 * ```
 */
export function jsonKeySpeller(
  known: readonly string[],
): (fields: Record<string, unknown>) => Record<string, unknown> {
  const byKey = new Map<string, string>();
  for (const name of known) if (!byKey.has(columnKey(name))) byKey.set(columnKey(name), name);
  // key as written -> known spelling, or "" for a key the format does not know
  const memo = new Map<string, string>();
  for (const name of known) memo.set(name, name);
  const spell = (key: string): string => {
    let name = memo.get(key);
    if (name === undefined) {
      name = byKey.get(columnKey(key)) ?? "";
      if (memo.size < MEMO_LIMIT) memo.set(key, name);
    }
    return name;
  };
  return (fields) => {
    let odd = false;
    for (const key in fields) {
      const name = spell(key);
      if (name !== "" && name !== key) {
        odd = true;
        break;
      }
    }
    return odd ? respell(fields, spell) : fields;
  };
}

function respell(
  fields: Record<string, unknown>,
  spell: (key: string) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    const name = spell(key);
    // Kept as written: unknown, already known, or its column is there under another spelling.
    const target = name === "" || Object.hasOwn(fields, name) || Object.hasOwn(out, name)
      ? key
      : name;
    // defineProperty: a `__proto__` key stays an ordinary member, as JSON.parse made it.
    Object.defineProperty(out, target, {
      value: fields[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
