/**
 * The options of the CSV splitter.
 *
 * @module
 */

/** Options of `CsvSplitter` (csv_splitter.ts). */
export interface CsvSplitterOptions {
  /** `true`: the first row names the columns; `false`: no header row; `"auto"` (default): guess. */
  header?: boolean | "auto";
  /**
   * The columns of a file without a header row, in file order; also the names that make a first
   * row a header under `"auto"`. Default: the table's native columns.
   */
  columns?: readonly string[];
  /**
   * The column names the format reads (default: `columns`, else the table's native columns). A
   * header row naming one of them in any case or spacing (`USER_ID`, `User Id`) is recognised,
   * and its names are spelled as given here, so decoders find their fields.
   */
  knownColumns?: readonly string[];
  /**
   * A record still open after this many characters (a stray quote) is given up: its first line
   * is quarantined and parsing resumes on the next line, so memory stays bounded. Default 16 Mi.
   */
  maxRecordChars?: number;
}
