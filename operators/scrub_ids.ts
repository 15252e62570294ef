/**
 * Replaces raw ids in a quarantined record's text with their pseudonyms.
 *
 * @module
 */

// A user or session id member in JSON text, possibly cut off by truncation: key, then the value
// (a string, maybe unterminated, or a bare number/word).
const JSON_ID_MEMBER =
  /("(?:user_id|user_session|userId|userSession)"\s*:\s*)(?:"((?:[^"\\]|\\.)*)("?)|([^,}\]\s]+))/g;

/**
 * Returns `raw` with every occurrence of each id (as a whole token: not inside a longer run of
 * letters, digits, `_` or `-`) replaced by `pseudonym(id)`. With no ids noted and JSON-like text
 * (a record the source could not parse), the values of `user_id`/`user_session` members are
 * replaced instead, even when the text is cut off inside them.
 *
 * @param raw The quarantined record's text.
 * @param ids The raw ids noted for it, if any.
 * @param pseudonym The keyed pseudonym function.
 * @returns The text without raw ids.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const pseudonym = (id: string) => `<${id.length} digits>`;
 * assert.equal(scrubIds("t9,o1,541312140,p1,x", ["541312140"], pseudonym), "t9,o1,<9 digits>,p1,x");
 * ```
 */
export function scrubIds(
  raw: string,
  ids: readonly string[] | undefined,
  pseudonym: (id: string) => string,
): string {
  if (ids !== undefined) {
    for (let i = 0; i < ids.length; i++) raw = replaceToken(raw, ids[i], pseudonym(ids[i]));
    return raw;
  }
  const first = raw.trimStart().charCodeAt(0);
  if (first !== 123 && first !== 91) return raw; // not `{` or `[`
  return raw.replace(
    JSON_ID_MEMBER,
    (_m, key: string, text: string | undefined, close: string, bare: string | undefined) =>
      text !== undefined
        ? `${key}"${pseudonym(text)}${close}`
        : `${key}"${pseudonym(bare as string)}"`,
  );
}

function replaceToken(text: string, token: string, replacement: string): string {
  if (token.length === 0) return text;
  let out = "";
  let from = 0;
  let at = text.indexOf(token);
  while (at >= 0) {
    const end = at + token.length;
    if (!isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(end))) {
      out += text.slice(from, at) + replacement;
      from = end;
    }
    at = text.indexOf(token, end);
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Letters, digits, `_` and `-` (NaN, past either end, is not). */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ||
    c === 45;
}
