/**
 * Characters that act instead of print: what text from the data must not carry into a terminal
 * or a label as they are.
 *
 * @module
 */

/**
 * Control characters (C0, DEL, C1) and the marks that reorder text (bidi controls: LRM, RLM,
 * embeddings, overrides, isolates). Global: for `String.prototype.replace`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal("a\x1b[2Jb\u202ec".replace(CONTROL_OR_BIDI, "?"), "a?[2Jb?c");
 * ```
 */
export const CONTROL_OR_BIDI =
  // deno-lint-ignore no-control-regex -- control characters are what it looks for
  /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
