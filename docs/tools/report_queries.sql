-- The three ShopEase reports as SQL over the Parquet lake, in DuckDB's dialect: the Spark SQL
-- of docs/ARCHITECTURE.md (question 4) translated (read_parquet for parquet.`…`,
-- generate_series for sequence/explode, struct_pack for struct). Nothing here is used by the
-- pipeline: tests/docs/report_queries_test.ts runs it over a replay of data/sample and checks
-- that every row equals the rows our operators wrote to <lake>/reports/.
-- Variable: lake (the lake folder). Times are UTC.

SET TimeZone = 'UTC';

CREATE OR REPLACE TEMP VIEW transactions AS
SELECT * FROM read_parquet(getvariable('lake') || '/transactions/*/*.parquet');

-- seq: the order rows arrived in (files by name, rows in file order), which breaks ties between
-- inventory updates with the same time the way the operators do: the later arrival wins.
CREATE OR REPLACE TEMP VIEW inventory AS
SELECT *, row_number() OVER (ORDER BY filename, file_row_number) AS seq
FROM read_parquet(getvariable('lake') || '/inventory/*/*.parquet',
  filename = true, file_row_number = true);

-- Top products: units and revenue per product and month, ranked by units, then product id.
CREATE OR REPLACE TEMP VIEW purchases AS
SELECT strftime(timestamp, '%Y-%m') AS month, product_id, quantity, unit_price
FROM transactions WHERE type = 'purchase';

CREATE OR REPLACE TEMP VIEW product_month AS
SELECT month, product_id, sum(quantity) AS units, round(sum(quantity * unit_price), 2) AS revenue,
       row_number() OVER (PARTITION BY month ORDER BY sum(quantity) DESC, product_id) AS rank
FROM purchases GROUP BY month, product_id;

CREATE OR REPLACE TEMP VIEW top_products AS
SELECT month, rank, product_id, units, revenue FROM product_month
WHERE rank <= 10 ORDER BY month, rank;

-- Monthly revenue: gross, refunds, returns, net and distinct orders per month.
CREATE OR REPLACE TEMP VIEW monthly_revenue AS
SELECT strftime(timestamp, '%Y-%m') AS month,
       round(sum(CASE WHEN type = 'purchase' THEN quantity * unit_price ELSE 0 END), 2) AS gross,
       round(sum(CASE WHEN type = 'refund' THEN quantity * unit_price ELSE 0 END), 2) AS refunds,
       round(sum(CASE WHEN type = 'return' THEN quantity * unit_price ELSE 0 END), 2) AS returns,
       round(sum(CASE WHEN type = 'purchase' THEN 1 ELSE -1 END * quantity * unit_price), 2) AS net,
       count(DISTINCT CASE WHEN type = 'purchase' THEN order_id END) AS orders
FROM transactions GROUP BY month ORDER BY month;

-- Inventory turnover: every month from the first to the last event of either table.
CREATE OR REPLACE TEMP VIEW months AS
SELECT unnest(generate_series(date_trunc('month', min(t)), date_trunc('month', max(t)),
  INTERVAL 1 MONTH)) AS month_start
FROM (SELECT updated_at AS t FROM inventory UNION ALL SELECT timestamp FROM transactions);

-- Per month and product: level before the month, level at its end, category at its end
-- (the latest named one; a missing category does not replace a known one).
CREATE OR REPLACE TEMP VIEW stock AS
SELECT m.month_start, i.product_id,
  max_by(i.stock_level, struct_pack(t := i.updated_at, s := i.seq))
    FILTER (WHERE i.updated_at < m.month_start) AS opening_stock,
  max_by(i.stock_level, struct_pack(t := i.updated_at, s := i.seq)) AS closing_stock,
  max_by(i.category, struct_pack(t := i.updated_at, s := i.seq))
    FILTER (WHERE i.category <> 'unknown') AS category
FROM months m JOIN inventory i ON i.updated_at < m.month_start + INTERVAL 1 MONTH
GROUP BY m.month_start, i.product_id;

CREATE OR REPLACE TEMP VIEW sales AS
SELECT date_trunc('month', timestamp) AS month_start, product_id, sum(quantity) AS units
FROM transactions WHERE type = 'purchase' GROUP BY month_start, product_id;

CREATE OR REPLACE TEMP VIEW inventory_turnover AS
SELECT strftime(month_start, '%Y-%m') AS month, coalesce(category, 'unknown') AS category,
       sum(coalesce(units, 0)) AS units_sold,
       sum(coalesce(opening_stock, 0)) AS opening_stock,
       sum(coalesce(closing_stock, 0)) AS closing_stock,
       (sum(coalesce(opening_stock, 0)) + sum(coalesce(closing_stock, 0))) / 2 AS avg_stock,
       round(sum(coalesce(units, 0)) / nullif((sum(coalesce(opening_stock, 0))
         + sum(coalesce(closing_stock, 0))) / 2, 0), 4) AS turnover
FROM stock FULL OUTER JOIN sales USING (month_start, product_id)
GROUP BY month, coalesce(category, 'unknown') ORDER BY month, category;
