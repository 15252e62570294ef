/**
 * A read-only DuckDB session over a lake: views for every table and report, then a locked
 * configuration in which a query can read the lake and nothing else, and write nothing.
 *
 * @module
 */

import {
  type DuckDBConnection,
  DuckDBInstance,
  DuckDBTypeId,
  StatementType,
} from "@duckdb/node-api";
import { resolve } from "node:path";
import { globLiteral, type LakeView, lakeViews, sqlString } from "./lake_views.ts";
import { terminalText } from "../terminal_text.ts";
import { type DanglingLink, danglingLinks } from "../lake/dangling_links.ts";
import { damagedLakeText } from "../lake/damaged_lake.ts";

/** The rows of one statement, every value as text (`null` for SQL NULL). */
export interface SqlResult {
  columns: string[];
  /** Per column: numbers (right-aligned in tables, unquoted in JSON). */
  numeric: boolean[];
  rows: (string | null)[][];
  /** The statement gave more rows than `maxRows`; `rows` holds the first `maxRows`. */
  more?: boolean;
}

/** A query DuckDB rejected, or one that is not allowed here; the message is one line. */
export class SqlError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SqlError";
  }
}

/** Statement kinds a query may be: reading ones only. */
const ALLOWED = new Set<number>([StatementType.SELECT, StatementType.EXPLAIN]);

/** Anywhere in a query that holds an EXPLAIN: the query is refused (may be a false alarm). */
const ANALYZE = /analy[sz]e/i;

/**
 * Statements DuckDB acts on before their type can be checked: EXPORT DATABASE creates its folder
 * while it is prepared, IMPORT DATABASE reads its files while it is parsed. A query with either
 * word is refused unless it parses as SELECTs alone (the word is then in a name or a string).
 */
const ACTS_EARLY = /export|import/i; // also PRAGMA import_database(…)

const NUMERIC = new Set<number>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
]);

/**
 * Opens an in-memory DuckDB over the lake.
 *
 * The guarantees, in order of setup: the views are created while files may be read; then
 * `allowed_directories` is the lake alone, `enable_external_access = false` forbids every other
 * file (COPY TO, ATTACH, `read_csv('/etc/passwd')`, INSTALL/LOAD of extensions),
 * extension auto-loading is off and `lock_configuration = true` makes all of that final
 * (`SET enable_external_access = true` fails). DuckDB would still let COPY write *inside*
 * the allowed lake, so {@linkcode LakeSql.query} runs only SELECT and EXPLAIN statements, and
 * no EXPLAIN ANALYZE (it runs the statement it explains); EXPORT and IMPORT DATABASE, which act
 * while prepared or parsed, are refused before that (with PRAGMA import_database). `temp_directory` is empty, or DuckDB would
 * allow its spill folder (`.tmp` under the working directory) besides the lake.
 *
 * @example
 * ```ts
 * // Not run here: it needs a replayed lake.
 * async function countActivity(lake: string) {
 *   const sql = await LakeSql.open(lake);
 *   const [result] = await sql.query("SELECT count(*) AS n FROM activity");
 *   sql.close();
 *   return result;
 * }
 * ```
 */
export class LakeSql {
  readonly views: readonly LakeView[];
  /** What is wrong when some links point at nothing (their views fail when read), else null. */
  readonly damage: string | null;
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;

  private constructor(
    views: LakeView[],
    damage: string | null,
    instance: DuckDBInstance,
    connection: DuckDBConnection,
  ) {
    this.views = views;
    this.damage = damage;
    this.#instance = instance;
    this.#connection = connection;
  }

  /**
   * @param lake Lake root.
   * @throws SqlError when the lake does not exist or holds no table and no report, naming a
   *   dangling link when it holds nothing else.
   */
  static async open(lake: string): Promise<LakeSql> {
    const root = resolve(lake);
    try {
      if (!(await Deno.stat(root)).isDirectory) throw new SqlError(`${lake} is not a folder`);
    } catch (cause) {
      if (cause instanceof SqlError) throw cause;
      throw new SqlError(
        `no lake at ${lake}: run 'deno task replay --input data/sample --lake ${lake}' first`,
        { cause },
      );
    }
    const links = await danglingLinks(lake);
    const views = await lakeViews(lake, links);
    const damage = links.length === 0 ? null : await damagedLakeText(lake, links);
    if (!views.some((v) => v.present)) {
      if (damage !== null) throw new SqlError(damage);
      throw new SqlError(
        `${lake} holds no tables or reports yet: run 'deno task replay --input ` +
          `data/sample --lake ${lake}' first`,
      );
    }
    // No spill folder: DuckDB would allow it (`.tmp` under the working directory) besides the lake.
    const instance = await DuckDBInstance.create(":memory:", { threads: "2", temp_directory: "" });
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      for (const view of views) await connection.run(view.ddl);
      // DuckDB checks a glob's text against the allowed prefixes, so a root holding glob
      // characters is allowed in its escaped spelling too (see globLiteral).
      const allowed = [...new Set([`${root}/`, `${globLiteral(root)}/`])].map(sqlString);
      await connection.run(`SET allowed_directories = [${allowed.join(", ")}]`);
      await connection.run("SET enable_external_access = false");
      await connection.run("SET autoinstall_known_extensions = false");
      await connection.run("SET autoload_known_extensions = false");
      await connection.run("SET lock_configuration = true");
    } catch (cause) {
      connection.closeSync();
      instance.closeSync();
      throw new SqlError(`cannot open the lake ${lake} in DuckDB: ${firstLine(cause)}`, { cause });
    }
    return new LakeSql(views, damage && `${damage}; ${failing(links)}`, instance, connection);
  }

  /** `sql` parsed by DuckDB (never bound or run), as `json_serialize_sql` describes it. */
  async #parsed(sql: string): Promise<{ error?: boolean; statements?: unknown[] }> {
    const reader = await this.#connection.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [
      sql,
    ]);
    return JSON.parse(String(reader.getRows()[0][0]));
  }

  /**
   * Runs one or more `;`-separated queries.
   *
   * @param sql The query text.
   * @param maxRows Most rows read per statement: the rest are not fetched (DuckDB streams them),
   *   so a huge result cannot fill the memory; `more` says there were others.
   * @returns One result per statement.
   * @throws SqlError with DuckDB's message (first line), or when a statement is not a query.
   */
  async query(sql: string, maxRows = Infinity): Promise<SqlResult[]> {
    const results: SqlResult[] = [];
    try {
      // Parsed only (never bound or run): whether it is SELECTs alone, and whether it is empty.
      const parsed = await this.#parsed(sql);
      if (ACTS_EARLY.test(sql) && parsed.error === true) {
        throw new SqlError(
          "only queries run here (SELECT, EXPLAIN): the lake is read-only, and EXPORT or IMPORT " +
            "DATABASE would act before it could be refused (the words are refused in any query " +
            "that is not SELECTs alone, EXPLAIN included)",
        );
      }
      // DuckDB's statement extraction fails with "Error in native callback" on text without a
      // statement (an empty argument, `;`, a comment).
      if (parsed.error !== true && parsed.statements?.length === 0) {
        throw new SqlError("the query is empty: give a SELECT (or --schema, --example)");
      }
      const statements = await this.#connection.extractStatements(sql);
      const prepared = [];
      for (let i = 0; i < statements.count; i++) {
        const statement = await statements.prepare(i);
        if (!ALLOWED.has(statement.statementType)) {
          throw new SqlError(
            `only queries run here (SELECT, EXPLAIN): the lake is read-only, and statement ${
              i + 1
            } is ${StatementType[statement.statementType] ?? statement.statementType}`,
          );
        }
        if (statement.statementType === StatementType.EXPLAIN && ANALYZE.test(sql)) {
          // EXPLAIN ANALYZE runs the statement it explains (a COPY would write into the lake).
          // The raw text is searched, so neither a comment nor a string can hide the keyword.
          throw new SqlError(
            `EXPLAIN ANALYZE runs the statement it explains, so it is not allowed here: ` +
              `use EXPLAIN (statement ${i + 1})`,
          );
        }
        prepared.push(statement);
      }
      for (const statement of prepared) {
        const result = await statement.stream();
        const count = result.columnCount;
        const numeric: boolean[] = [];
        for (let c = 0; c < count; c++) numeric.push(NUMERIC.has(result.columnTypeId(c)));
        const rows: (string | null)[][] = [];
        let more = false;
        chunks: for (;;) {
          const chunk = await result.fetchChunk();
          if (chunk === null || chunk.rowCount === 0) break;
          for (const row of chunk.getRows()) {
            if (rows.length === maxRows) {
              more = true;
              break chunks;
            }
            rows.push(row.map((value) => value === null ? null : String(value)));
          }
        }
        results.push({ columns: result.columnNames(), numeric, rows, ...(more ? { more } : {}) });
      }
    } catch (cause) {
      if (cause instanceof SqlError) throw cause;
      throw new SqlError(firstLine(cause), { cause });
    }
    return results;
  }

  /** Closes the session. */
  close(): void {
    this.#connection.closeSync();
    this.#instance.closeSync();
  }
}

/** `queries reading activity or a report fail, the other views answer` */
function failing(links: DanglingLink[]): string {
  const names = links.filter((link) => link.name !== "reports").map((link) => link.name);
  if (names.length < links.length) names.push("a report");
  const last = names.pop()!;
  const which = names.length === 0 ? last : `${names.join(", ")} or ${last}`;
  return `queries reading ${which} fail, the other views answer`;
}

/** DuckDB's messages span lines (a caret under the error); the first line says what failed. */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n").find((line) => line.trim() !== "")?.trim() ?? text;
  // DuckDB quotes the data it could not convert: escaped like the tables' values.
  return terminalText(line.replace(/^Failed to extract statements: /, ""));
}
