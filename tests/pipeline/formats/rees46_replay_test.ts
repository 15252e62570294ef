import assert from "node:assert/strict";
import { readReportJson } from "../../../pipeline/lake/report_writer.ts";
import { readTable } from "../../../pipeline/lake/read_table.ts";
import { duckdbQuery } from "./duckdb_query.ts";
import { REAL, reasonsOf, replayFormat } from "./replay_format.ts";
import { fileTempDir } from "../../temp_dir.ts";

const SLICE = `${REAL}rees46/2019-Oct-first3000.csv`;
const dir = fileTempDir({ prefix: "rees46_" });
const summary = await replayFormat({ format: "rees46" }, [SLICE], `${dir}/lake`);
const expected = await duckdbQuery(
  await Deno.readTextFile(new URL("./rees46_minutes.sql", import.meta.url)),
  { rees46_csv: SLICE },
  {
    active: "SELECT * FROM rees46_active_users",
    conversion: "SELECT * FROM rees46_conversion",
    rows: "SELECT count(*) AS n FROM rees46_events",
  },
);

// A copy without the header row, in a file whose name says nothing about its table.
const text = await Deno.readTextFile(SLICE);
await Deno.writeTextFile(`${dir}/part-00.csv`, text.slice(text.indexOf("\n") + 1));

Deno.test("rees46 replay: every row of the slice is a valid activity event", () => {
  const reasons = reasonsOf(summary, "activity");
  assert.equal(reasons.total_input, Number(expected.rows[0].n));
  assert.equal(reasons.total_input, 3000);
  assert.equal(reasons.valid, 3000);
});

Deno.test("rees46 replay: per-minute active users equal DuckDB's distinct count over the raw CSV", async () => {
  const ours = await readReportJson(`${dir}/lake`, "active_users");
  assert.ok(ours.length > 100, `${ours.length} minutes`);
  assert.deepEqual(
    ours.map((r) => [r.minute, r.active_users]),
    expected.active.map((r) => [r.minute, Number(r.active_users)]),
  );
});

Deno.test("rees46 replay: per-minute conversion equals DuckDB's distinct sessions and converted sessions", async () => {
  const ours = await readReportJson(`${dir}/lake`, "conversion");
  assert.deepEqual(
    ours.map((r) => [r.minute, r.sessions, r.converted_sessions]),
    expected.conversion.map((r) => [r.minute, Number(r.sessions), Number(r.converted_sessions)]),
  );
  assert.ok(ours.some((r) => Number(r.converted_sessions) > 0));
  for (const r of ours) {
    const rate = Math.round(Number(r.converted_sessions) / Number(r.sessions) * 1e6) / 1e6;
    assert.equal(r.rate, rate, String(r.minute));
  }
});

Deno.test("rees46 replay: a file without a header row is detected and gives the same reports", async () => {
  const again = await replayFormat({ format: "rees46" }, [`${dir}/part-00.csv`], `${dir}/lake2`);
  assert.equal(reasonsOf(again, "activity").valid, 3000);
  assert.deepEqual(
    await readReportJson(`${dir}/lake2`, "active_users"),
    await readReportJson(`${dir}/lake`, "active_users"),
  );
  assert.deepEqual(
    await readReportJson(`${dir}/lake2`, "conversion"),
    await readReportJson(`${dir}/lake`, "conversion"),
  );
  const events = await readTable(`${dir}/lake2`, "activity");
  assert.equal(events.length, 3000);
});

Deno.test("rees46 replay: --no-header reads the same headerless file, and --header on it stops before reading", async () => {
  const forced = await replayFormat(
    { format: "rees46", header: false },
    [`${dir}/part-00.csv`],
    `${dir}/lake3`,
  );
  assert.equal(reasonsOf(forced, "activity").valid, 3000);
  await assert.rejects(
    replayFormat({ format: "rees46", header: true }, [`${dir}/part-00.csv`], `${dir}/lake4`),
    (error: Error) => {
      assert.match(
        error.message,
        /part-00\.csv: its header has no column "event_time", "event_type", "product_id", "user_id", "user_session" needed by rees46; the first row names none of its columns/,
      );
      // The first row is data: its user id is not quoted in the message.
      assert.ok(!error.message.includes("541312140"), error.message);
      return true;
    },
  );
  await assert.rejects(Deno.stat(`${dir}/lake4`), Deno.errors.NotFound);
});
