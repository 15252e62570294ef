-- Independent per-minute active users and session conversion over a REES46 CSV, with DuckDB.
-- Variable: rees46_csv (a file or glob, with a header row). Minutes are UTC, ISO like the reports.

CREATE OR REPLACE VIEW rees46_events AS
SELECT
  strftime(date_trunc('minute', strptime(event_time, '%Y-%m-%d %H:%M:%S UTC')),
    '%Y-%m-%dT%H:%M:00.000Z') AS minute,
  event_type, user_id, user_session
FROM read_csv(getvariable('rees46_csv'), header = true, all_varchar = true);

CREATE OR REPLACE VIEW rees46_active_users AS
SELECT minute, count(DISTINCT user_id) AS active_users
FROM rees46_events GROUP BY minute ORDER BY minute;

CREATE OR REPLACE VIEW rees46_conversion AS
SELECT
  minute,
  count(DISTINCT user_session) AS sessions,
  count(DISTINCT user_session) FILTER (WHERE event_type = 'purchase') AS converted_sessions
FROM rees46_events GROUP BY minute ORDER BY minute;
