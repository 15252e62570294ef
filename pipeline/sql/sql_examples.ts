/**
 * The seed's three analyst queries (top 10 products of the last month, monthly revenue,
 * inventory turnover) as DuckDB SQL over the views of `deno task sql`. Each gives exactly the
 * rows of the operator's report (tests/pipeline/sql/sql_examples_test.ts).
 *
 * @module
 */

/** Top 10 products of the last complete month: the `top_products` rows of that month. */
export const TOP10_SQL = `
-- Top 10 products of the last complete month (the month before the latest transaction's):
-- units and exact revenue per product, ranked by units, then product id.
WITH last_month AS (
  SELECT strftime(date_trunc('month', max("timestamp")) - INTERVAL 1 MONTH, '%Y-%m') AS month
  FROM transactions
), product_month AS (
  SELECT strftime("timestamp", '%Y-%m') AS month, product_id,
         sum(quantity) AS units, round(sum(quantity * unit_price), 2) AS revenue
  FROM transactions
  WHERE type = 'purchase'
  GROUP BY month, product_id
)
SELECT row_number() OVER (ORDER BY units DESC, product_id) AS rank, product_id, units, revenue
FROM product_month
WHERE month = (SELECT month FROM last_month)
ORDER BY rank
LIMIT 10
`;

/** Monthly revenue trend: the `monthly_revenue` report. */
export const REVENUE_SQL = `
-- Monthly revenue: gross, refunds, returns, net (exact DECIMAL sums) and distinct orders.
SELECT strftime("timestamp", '%Y-%m') AS month,
  round(sum(CASE WHEN type = 'purchase' THEN quantity * unit_price ELSE 0 END), 2) AS gross,
  round(sum(CASE WHEN type = 'refund' THEN quantity * unit_price ELSE 0 END), 2) AS refunds,
  round(sum(CASE WHEN type = 'return' THEN quantity * unit_price ELSE 0 END), 2) AS returns,
  round(sum(CASE WHEN type = 'purchase' THEN 1 ELSE -1 END * quantity * unit_price), 2) AS net,
  count(DISTINCT CASE WHEN type = 'purchase' THEN order_id END) AS orders
FROM transactions
GROUP BY month
ORDER BY month
`;

/** Inventory turnover by category and month: the `inventory_turnover` report. */
export const TURNOVER_SQL = `
-- Inventory turnover = units sold / average stock, average stock = (opening + closing) / 2;
-- opening: each product's last level before the month, closing: its level at the month's end,
-- category: its latest named one at the month's end. inventory_arrivals.seq (arrival order)
-- breaks ties between updates with the same time: the later arrival wins.
WITH months AS (
  SELECT unnest(generate_series(date_trunc('month', min(t)), date_trunc('month', max(t)),
    INTERVAL 1 MONTH)) AS month_start
  FROM (SELECT updated_at AS t FROM inventory UNION ALL SELECT "timestamp" FROM transactions)
), stock AS (
  SELECT m.month_start, i.product_id,
    max_by(i.stock_level, struct_pack(t := i.updated_at, s := i.seq))
      FILTER (WHERE i.updated_at < m.month_start) AS opening_stock,
    max_by(i.stock_level, struct_pack(t := i.updated_at, s := i.seq)) AS closing_stock,
    max_by(i.category, struct_pack(t := i.updated_at, s := i.seq))
      FILTER (WHERE i.category <> 'unknown') AS category
  FROM months m JOIN inventory_arrivals i ON i.updated_at < m.month_start + INTERVAL 1 MONTH
  GROUP BY m.month_start, i.product_id
), sales AS (
  SELECT date_trunc('month', "timestamp") AS month_start, product_id, sum(quantity) AS units
  FROM transactions
  WHERE type = 'purchase'
  GROUP BY month_start, product_id
)
SELECT strftime(month_start, '%Y-%m') AS month, coalesce(category, 'unknown') AS category,
  sum(coalesce(units, 0)) AS units_sold,
  sum(coalesce(opening_stock, 0)) AS opening_stock,
  sum(coalesce(closing_stock, 0)) AS closing_stock,
  (sum(coalesce(opening_stock, 0)) + sum(coalesce(closing_stock, 0))) / 2 AS avg_stock,
  round(sum(coalesce(units, 0)) / nullif((sum(coalesce(opening_stock, 0))
    + sum(coalesce(closing_stock, 0))) / 2, 0), 4) AS turnover
FROM stock FULL OUTER JOIN sales USING (month_start, product_id)
GROUP BY month, coalesce(category, 'unknown')
ORDER BY month, category
`;

/** The examples by name (`deno task sql --example NAME`), with the report each reproduces. */
export const SQL_EXAMPLES: Readonly<Record<string, { sql: string; report: string }>> = {
  top10: { sql: TOP10_SQL, report: "top_products" },
  revenue: { sql: REVENUE_SQL, report: "monthly_revenue" },
  turnover: { sql: TURNOVER_SQL, report: "inventory_turnover" },
};
