/**
 * Copies a string so that keeping it does not keep the text it was sliced from.
 *
 * @module
 */

/**
 * Returns a copy of `text` that owns its characters. V8 represents `slice` results of 13 chars
 * or more as views into the parent string, so an id sliced from a 1 MiB read chunk and kept in a
 * long-lived Set or Map would keep the whole chunk alive: over a 5 GB replay, the whole file.
 * Concatenating flattens into a fresh string; the final `slice(1)` then refers only to that.
 *
 * Use it for strings kept across batches (dedup sets, keyed state), not for every field.
 *
 * @param text A string that may be a slice of a large buffer.
 * @returns An equal string that does not reference the buffer.
 */
export function detachString(text: string): string {
  return (" " + text).slice(1);
}
