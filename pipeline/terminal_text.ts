/**
 * Text from the data made safe to print in a terminal table.
 *
 * @module
 */

import { CONTROL_OR_BIDI } from "../operators/control_chars.ts";

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
    CONTROL_OR_BIDI,
    (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * A message as one printable line, whatever it quotes: its line breaks (with the spaces around
 * them) become one space, and any other control or bidi character its escape
 * ({@linkcode terminalText}). Every `error: …` line is printed through it.
 *
 * @param text A message, which may quote a path or a lake file's text.
 * @returns One line.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(oneLine("bad\n  file \x1b]0;t\x07"), "bad file \\u001b]0;t\\u0007");
 * ```
 */
export function oneLine(text: string): string {
  return terminalText(text.replace(/\s*\n\s*/g, " ").trim());
}
