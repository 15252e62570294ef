import assert from "node:assert/strict";
import { replayDefaults } from "./replay_defaults.ts";
import { readTable } from "../../pipeline/lake/read_table.ts";
import { readReportJson } from "../../pipeline/lake/report_writer.ts";
import { DEFAULT_SPIKE_OPTIONS } from "../../operators/spike_alerts.ts";
import { fileTempDir, tempDir } from "../temp_dir.ts";

const SAMPLE = new URL("../../data/sample/", import.meta.url).pathname;
const runReplay = replayDefaults;

/** The files a reader sees: links to table versions followed, the version store skipped. */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.name === ".versions") continue;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if ((await Deno.stat(`${dir}/${e.name}`)).isDirectory) {
      out.push(...await listFiles(`${dir}/${e.name}`, rel));
    } else out.push(rel);
  }
  return out.sort();
}

const manifest = JSON.parse(await Deno.readTextFile(`${SAMPLE}manifest.json`));
const lake = fileTempDir({ prefix: "replay_test_" });
const summary = await runReplay(SAMPLE, lake);

function qualityOf(source: string): Map<string, number> {
  return new Map(
    summary.quality.filter((r) => r.source === source).map((
      r,
    ) => [String(r.reason), Number(r.count)]),
  );
}

Deno.test("replay() quarantines exactly the faults the generator's manifest records, by reason", () => {
  const tx = qualityOf("transactions");
  for (
    const [reason, count] of Object.entries(manifest.faults.transactions as Record<string, number>)
  ) {
    assert.equal(tx.get(reason), count, `transactions ${reason}`);
  }
  const inv = qualityOf("inventory");
  for (
    const [reason, count] of Object.entries(
      manifest.faults.inventory.quarantine as Record<string, number>,
    )
  ) {
    assert.equal(inv.get(reason), count, `inventory ${reason}`);
  }
  for (
    const [kind, count] of Object.entries(manifest.faults.inventory.fixes as Record<string, number>)
  ) {
    assert.equal(summary.fixes[kind], count, `inventory fix ${kind}`);
  }
});

Deno.test("replay() accounts for every input record: input = valid + quarantined per source", () => {
  for (const table of ["activity", "transactions", "inventory", "reviews"]) {
    const q = qualityOf(table);
    const files = manifest.files[table];
    assert.equal(q.get("total_input"), files.rows, `${table} total_input`);
    assert.equal(q.get("valid"), files.valid, `${table} valid`);
    let quarantined = 0;
    for (const [reason, n] of q) {
      if (reason !== "valid" && reason !== "total_input") quarantined += n;
    }
    assert.equal(q.get("valid")! + quarantined, q.get("total_input"), `${table} balance`);
  }
});

Deno.test("replay() lake tables hold every valid record, read back by an independent reader", async () => {
  for (const table of ["activity", "transactions", "inventory", "reviews"]) {
    const rows = await readTable(lake, table);
    assert.equal(rows.length, manifest.files[table].valid, table);
  }
  const quarantine = await readTable(lake, "quarantine");
  const expected = Object.values(manifest.files as Record<string, { rows: number; valid: number }>)
    .reduce((n, f) => n + f.rows - f.valid, 0);
  assert.equal(quarantine.length, expected);
});

Deno.test("replay() leaves no raw user or session id anywhere in the lake", async () => {
  const raw = new Set<string>();
  const activity = (await Deno.readTextFile(`${SAMPLE}activity.csv`)).split("\n").slice(1);
  for (const line of activity) {
    if (!line) continue;
    const cols = line.split(",");
    raw.add(cols[7]);
    raw.add(cols[8]);
  }
  for (const line of (await Deno.readTextFile(`${SAMPLE}transactions.ndjson`)).split("\n")) {
    const m = /"user_id":"([^"]+)"/.exec(line);
    if (m) raw.add(m[1]);
  }
  for (const r of JSON.parse(await Deno.readTextFile(`${SAMPLE}reviews.json`))) {
    if (r.user_id) raw.add(String(r.user_id));
  }
  assert.ok(raw.size > 1000, `collected ${raw.size} raw ids`);
  for (const table of ["activity", "transactions", "inventory", "reviews", "quarantine"]) {
    const rows = await readTable(lake, table);
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value !== "string") continue;
        assert.ok(!raw.has(value), `${table}.${column} holds a raw id`);
        if (column === "raw") {
          for (const id of raw) assert.ok(!value.includes(id), `${table}.raw contains raw id text`);
        }
      }
    }
  }
});

Deno.test("replay() run twice over the same input leaves byte-identical files and no duplicates", async () => {
  await using secondDir = await tempDir({ prefix: "replay_test_again_" });
  const second = secondDir.path;
  await runReplay(SAMPLE, second);
  await runReplay(SAMPLE, second);
  const a = await listFiles(lake);
  const b = await listFiles(second);
  assert.deepEqual(b, a);
  for (const file of a) {
    const x = await Deno.readFile(`${lake}/${file}`);
    const y = await Deno.readFile(`${second}/${file}`);
    assert.ok(x.length === y.length && x.every((v, i) => v === y[i]), `${file} differs`);
  }
});

Deno.test("replay() reports: monthly revenue equals sums recomputed from the lake's transactions", async () => {
  const revenue = await readReportJson(lake, "monthly_revenue");
  const tx = await readTable(lake, "transactions");
  const cents = new Map<
    string,
    { gross: bigint; refunds: bigint; returns: bigint; orders: Set<string> }
  >();
  for (const t of tx) {
    const month = new Date(
      Number(t.timestamp instanceof Date ? t.timestamp.getTime() : t.timestamp),
    )
      .toISOString().slice(0, 7);
    const e = cents.get(month) ??
      { gross: 0n, refunds: 0n, returns: 0n, orders: new Set<string>() };
    cents.set(month, e);
    const amount = BigInt(Math.round(Number(t.unit_price) * 1e6)) * BigInt(Number(t.quantity));
    if (t.type === "purchase") {
      e.gross += amount;
      e.orders.add(String(t.order_id));
    } else if (t.type === "refund") e.refunds += amount;
    else e.returns += amount;
  }
  const money = (micros: bigint) => Number((micros + 5000n) / 10000n) / 100;
  assert.equal(revenue.length, cents.size);
  for (const row of revenue) {
    const e = cents.get(String(row.month))!;
    assert.equal(row.gross, money(e.gross), `${row.month} gross`);
    assert.equal(row.refunds, money(e.refunds), `${row.month} refunds`);
    assert.equal(row.returns, money(e.returns), `${row.month} returns`);
    assert.equal(row.orders, e.orders.size, `${row.month} orders`);
  }
});

Deno.test("replay() reports: per-minute event counts add up to the activity table", async () => {
  const counts = await readReportJson(lake, "event_counts");
  const total = counts.reduce((n, r) => n + Number(r.count), 0);
  assert.equal(total, manifest.files.activity.valid);
  const active = await readReportJson(lake, "active_users");
  assert.ok(active.length > 0 && active.every((r) => Number(r.active_users) >= 1));
});

Deno.test("replay() reports: inventory turnover sees stock and categories from the first month", async () => {
  const rows = await readReportJson(lake, "inventory_turnover");
  const months = new Set(rows.map((r) => r.month));
  assert.equal(months.size, 13);
  for (const row of rows) {
    assert.notEqual(row.category, "unknown", `${row.month} has products of unknown category`);
    assert.ok(Number(row.closing_stock) > 0, `${row.month} ${row.category} closing stock`);
  }
  const units = rows.reduce((n, r) => n + Number(r.units_sold), 0);
  const top = await readReportJson(lake, "top_products");
  assert.ok(units >= top.reduce((n, r) => n + Number(r.units), 0));
});

Deno.test("replay() on steady generated traffic raises no alert; one injected spike raises exactly one", async () => {
  const { generate } = await import("../../dev/generator/generate.ts");
  await using temp = await tempDir({ prefix: "replay_spike_" });
  const dir = temp.path;
  const at = Date.UTC(2025, 5, 11, 19, 0);
  await generate({ out: `${dir}/steady`, events: 60_000, seed: 7, faultRate: 0 });
  await generate({
    out: `${dir}/spiky`,
    events: 60_000,
    seed: 7,
    faultRate: 0,
    spike: { eventType: "view", factor: 400, at, minutes: 5 },
  });
  await runReplay(`${dir}/steady`, `${dir}/lake-steady`);
  await runReplay(`${dir}/spiky`, `${dir}/lake-spiky`);
  assert.deepEqual(await readReportJson(`${dir}/lake-steady`, "alerts"), []);
  const alerts = await readReportJson(`${dir}/lake-spiky`, "alerts");
  const firing = alerts.filter((a) => a.state === "firing");
  assert.equal(firing.length, 1, JSON.stringify(alerts));
  assert.equal(firing[0].event_type, "view");
  const minute = Date.parse(String(firing[0].minute));
  assert.ok(minute >= at && minute < at + 5 * 60_000, `fired at ${firing[0].minute}`);
  assert.ok(Number(firing[0].count) >= DEFAULT_SPIKE_OPTIONS.minCount);
});

Deno.test("replay() twice at once into one lake: both succeed, the lake is the same as one run's", async () => {
  // The second run's repair used to delete the first run's staging versions while it wrote them.
  await using bothDir = await tempDir({ prefix: "replay_test_both_" });
  const both = bothDir.path;
  const results = await Promise.allSettled([runReplay(SAMPLE, both), runReplay(SAMPLE, both)]);
  assert.deepEqual(results.map((r) => r.status === "rejected" ? String(r.reason) : r.status), [
    "fulfilled",
    "fulfilled",
  ]);
  const a = await listFiles(lake);
  assert.deepEqual(await listFiles(both), a);
  for (const file of a) {
    const x = await Deno.readFile(`${lake}/${file}`);
    const y = await Deno.readFile(`${both}/${file}`);
    assert.ok(x.length === y.length && x.every((v, i) => v === y[i]), `${file} differs`);
  }
});

Deno.test("replay() into a lake holding more keeps nothing of it: tables and reports agree", async () => {
  // The same dataset replayed after its files changed (rows removed, say for an erasure
  // request): dates and tables the new input no longer has must not stay in the lake.
  await using temp = await tempDir({ prefix: "replay_test_shrunk_" });
  const dir = temp.path;
  const text = await Deno.readTextFile(`${SAMPLE}activity.csv`);
  const lines = text.split("\n");
  const kept = [lines[0], ...lines.slice(1).filter((l) => l.startsWith("2024-10-01"))];
  await Deno.mkdir(`${dir}/input`);
  await Deno.writeTextFile(`${dir}/input/activity.csv`, kept.join("\n") + "\n");
  await runReplay(SAMPLE, `${dir}/lake`);
  const second = await runReplay(`${dir}/input`, `${dir}/lake`);
  const rows = await readTable(`${dir}/lake`, "activity");
  assert.equal(rows.length, kept.length - 1);
  const counts = await readReportJson(`${dir}/lake`, "event_counts");
  assert.equal(counts.reduce((sum, row) => sum + Number(row.count), 0), rows.length);
  const quarantined = second.quality.reduce((sum, row) => sum + Number(row.count), 0);
  const tables = await listFiles(`${dir}/lake`);
  assert.deepEqual(tables.filter((f) => /^(transactions|inventory|reviews)\//.test(f)), []);
  if (quarantined === 0) assert.deepEqual(tables.filter((f) => f.startsWith("quarantine/")), []);
});
