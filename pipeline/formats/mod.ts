/**
 * Source formats: the native layout, presets for real e-commerce exports, and mapping files.
 *
 * @module
 */

export type { SourceFormat } from "./source_format.ts";
export {
  FORMAT_NAMES,
  FORMAT_PRESETS,
  type FormatLoadOptions,
  type FormatPreset,
  REES46_COLUMNS,
} from "./format_presets.ts";
export { loadMapping } from "./load_mapping.ts";
export { type CheckedMapping, checkMapping, REQUIRED_FIELDS } from "./check_mapping.ts";
export { checkHeaders } from "./check_headers.ts";
export { findTranslations, loadTranslations, TRANSLATIONS_FILE } from "./load_translations.ts";
export { type FormatChoice, type PreparedFormat, prepareFormat } from "./prepare_format.ts";
