-- Independent computation of the online-retail preset's rules and reports with DuckDB, straight
-- from the Online Retail CSV files (never from our lake).
-- Variables: online_retail_csv (a glob or file), top_n (products per month).
-- Money is exact: UnitPrice text -> DECIMAL(18,6) -> integer micros; sums in HUGEINT; cents
-- rounded half away from zero once, at the end (the same contract as operators/money.ts).

CREATE OR REPLACE MACRO cents(micros) AS
  CASE WHEN micros >= 0 THEN (micros + 5000) // 10000 ELSE -((-micros + 5000) // 10000) END;

CREATE OR REPLACE VIEW online_retail_lines AS
WITH typed AS (
  SELECT
    InvoiceNo AS invoice,
    StockCode AS product_id,
    CustomerID AS customer,
    TRY_CAST(Quantity AS BIGINT) AS quantity,
    TRY_CAST(UnitPrice AS DECIMAL(18, 6)) AS price,
    strptime(InvoiceDate, '%Y-%m-%d %H:%M:%S') AS ts
  FROM read_csv(getvariable('online_retail_csv'), header = true, all_varchar = true)
)
SELECT
  *,
  -- The rules in the issue's order, one reason per row.
  CASE
    WHEN coalesce(customer, '') = '' THEN 'missing_user_id'
    WHEN price <= 0 THEN 'invalid_price'
    WHEN starts_with(invoice, 'C') AND quantity = 0 THEN 'invalid_quantity'
    WHEN NOT starts_with(invoice, 'C') AND quantity <= 0 THEN 'invalid_quantity'
    ELSE 'valid'
  END AS reason,
  CASE WHEN starts_with(invoice, 'C') THEN 'return' ELSE 'purchase' END AS type,
  abs(quantity) AS units,
  CAST(abs(quantity) AS HUGEINT) * CAST(price * 1000000 AS BIGINT) AS micros,
  strftime(ts, '%Y-%m') AS month
FROM typed;

CREATE OR REPLACE VIEW online_retail_reasons AS
SELECT reason, count(*) AS count FROM online_retail_lines GROUP BY reason ORDER BY reason;

CREATE OR REPLACE VIEW online_retail_monthly_revenue AS
WITH sums AS (
  SELECT
    month,
    coalesce(sum(micros) FILTER (WHERE type = 'purchase'), 0) AS gross,
    coalesce(sum(micros) FILTER (WHERE type = 'return'), 0) AS returns,
    count(DISTINCT invoice) FILTER (WHERE type = 'purchase') AS orders
  FROM online_retail_lines
  WHERE reason = 'valid'
  GROUP BY month
)
SELECT
  month,
  CAST(cents(gross) AS BIGINT) AS gross_cents,
  0 AS refunds_cents,
  CAST(cents(returns) AS BIGINT) AS returns_cents,
  CAST(cents(gross - returns) AS BIGINT) AS net_cents,
  orders
FROM sums
ORDER BY month;

CREATE OR REPLACE VIEW online_retail_top_products AS
WITH totals AS (
  SELECT month, product_id, sum(units) AS units, sum(micros) AS micros
  FROM online_retail_lines
  WHERE reason = 'valid' AND type = 'purchase'
  GROUP BY month, product_id
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY month ORDER BY units DESC, product_id ASC) AS rank
  FROM totals
)
SELECT month, rank, product_id, CAST(units AS BIGINT) AS units,
  CAST(cents(micros) AS BIGINT) AS revenue_cents
FROM ranked
WHERE rank <= getvariable('top_n')
ORDER BY month, rank;
