/**
 * Text from the data made safe to print in a terminal table.
 *
 * @module
 */

/** Control characters (C0, DEL, C1) and the marks that reorder text (bidi controls). */
// deno-lint-ignore no-control-regex -- control characters are what it looks for
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Escapes what a terminal would act on instead of print: `ESC` sequences (clear the screen, set
 * the title, hidden links), a carriage return that overwrites a row with other figures, line
 * breaks that split a row, and bidi controls that reorder a name (`exe.gnp` read as `png.exe`).
 * Each becomes its escape as JSON writes it (`\u001b`, `\n`); other text is unchanged.
 *
 * @param text A value from the data.
 * @returns The value, one line, printable as it is.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(terminalText("a\x1b[2Jb\rc\u202e"), "a\\u001b[2Jb\\rc\\u202e");
 * assert.equal(terminalText("café"), "café");
 * ```
 */
export function terminalText(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
