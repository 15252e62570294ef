/**
 * SQL over the lake: DuckDB views for every table and report, read-only.
 *
 * @module
 */

export { LakeSql, SqlError, type SqlResult } from "./lake_sql.ts";
export { type LakeView, lakeViews } from "./lake_views.ts";
export { formatResult, SQL_FORMATS, type SqlFormat } from "./format_result.ts";
export { REVENUE_SQL, SQL_EXAMPLES, TOP10_SQL, TURNOVER_SQL } from "./sql_examples.ts";
