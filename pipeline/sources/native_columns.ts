/**
 * Column names of the native ("shopease") CSV layouts; the lists live in operators/ because the
 * decoders and the quarantine redaction need them too.
 *
 * @module
 */

export { NATIVE_COLUMNS, nativeColumnsFor } from "../../operators/native_columns.ts";
