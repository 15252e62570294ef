/**
 * Guessing the id values of a CSV row whose field count is wrong, so they can be pseudonymized.
 *
 * @module
 */

/**
 * The likely values of the id columns in a malformed CSV row. The row's fields may be shifted,
 * so for each id column the value at its index counted from the start and from the end are both
 * taken (quotes removed, trimmed, empty and repeated values skipped).
 *
 * @param raw the row's text
 * @param names the file's column names
 * @param idColumns the names of the columns holding ids
 * @returns the candidate ids, in column order
 * @example malformedRowIds("a,u1,extra", ["x", "user_id"], ["user_id"]) // ["u1", "extra"]
 */
export function malformedRowIds(
  raw: string,
  names: readonly string[],
  idColumns: readonly string[],
): string[] {
  const tokens = raw.split(",");
  const ids: string[] = [];
  for (let k = 0; k < names.length; k++) {
    if (!idColumns.includes(names[k])) continue;
    for (const at of [k, tokens.length - names.length + k]) {
      const id = at >= 0 && at < tokens.length ? tokens[at].replaceAll('"', "").trim() : "";
      if (id !== "" && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}
