import assert from "node:assert/strict";
import { join } from "node:path";
import { ReportStore } from "../../server/report_store.ts";
import { fileTempDir, tempDir } from "../temp_dir.ts";
import { makeFifo, settled } from "../fifo_fixture.ts";

/** A lake holding `rows` as its active_users report, removed when the file's tests are done. */
async function lakeWith(rows: unknown): Promise<{ dir: string; path: string }> {
  const dir = fileTempDir();
  await Deno.mkdir(join(dir, "reports"));
  const path = join(dir, "reports", "active_users.json");
  await Deno.writeTextFile(path, JSON.stringify(rows));
  return { dir, path };
}

Deno.test("ReportStore.read() parses a report once and serves the cache while the mtime holds", async () => {
  const { dir, path } = await lakeWith([{ minute: "2019-10-01T00:01:00.000Z", active_users: 1 }]);
  const store = new ReportStore(dir);
  const first = await store.read("active_users");
  assert.equal(await store.read("active_users"), first, "same array: not parsed again");
  await Deno.writeTextFile(
    path,
    JSON.stringify([{ minute: "2019-10-01T00:02:00.000Z", active_users: 2 }]),
  );
  await Deno.utime(path, new Date(), new Date(Date.now() + 10_000));
  const second = await store.read("active_users");
  assert.notEqual(second, first);
  assert.equal(second.get(0, "active_users"), 2);
});

Deno.test("ReportStore.read() sorts rows by minute when the file is out of order", async () => {
  const minutes = [
    "2019-10-01T00:03:00.000Z",
    "2019-10-01T00:01:00.000Z",
    "2019-10-01T00:02:00.000Z",
  ];
  const { dir } = await lakeWith(minutes.map((minute) => ({ minute, active_users: 1 })));
  const rows = await new ReportStore(dir).read("active_users");
  assert.deepEqual(rows.slice().map((r) => r.minute), minutes.toSorted());
});

Deno.test("ReportStore.read() returns [] for a missing report and names the file of a broken one", async () => {
  await using emptyLake = await tempDir();
  const empty = new ReportStore(emptyLake.path);
  assert.equal((await empty.read("quality")).length, 0);
  assert.equal(await empty.stamp("quality"), null);
  const { dir, path } = await lakeWith({ not: "an array" });
  await assert.rejects(
    new ReportStore(dir).read("active_users"),
    new RegExp(`${path} is not a JSON array`),
  );
  await Deno.writeTextFile(path, "[{");
  await assert.rejects(
    new ReportStore(dir).read("active_users"),
    /Cannot read report .*active_users\.json/,
  );
});

Deno.test("ReportStore.read() refuses a FIFO in one line at once, instead of waiting for a writer", async () => {
  const { dir, path } = await lakeWith([]);
  await Deno.remove(path);
  await makeFifo(path);
  const outcome = await settled(new ReportStore(dir).read("active_users"));
  // Before the fix the read waited for a writer: give it one, so the test process can end.
  if (outcome === "timed out") await Deno.writeTextFile(path, "[]");
  assert.equal(String(outcome), `Error: Cannot read report ${path}: not a regular file (a FIFO)`);
});

Deno.test("ReportStore.read() refuses rows that are not objects, and never quotes a broken file", async () => {
  const { dir, path } = await lakeWith([1, 2, 3]);
  await assert.rejects(
    new ReportStore(dir).read("active_users"),
    new TypeError(`Report ${path} is not a JSON array of objects (row 1 is a number)`),
  );
  await Deno.writeTextFile(path, "null");
  await assert.rejects(
    new ReportStore(dir).read("active_users"),
    new TypeError(`Report ${path} is not a JSON array (null)`),
  );
  // V8's message quotes the text around the error: an id of the data would reach the log.
  await Deno.writeTextFile(path, '[{"user": RAWUSER7}]');
  const error = await new ReportStore(dir).read("active_users").catch((e) => e);
  assert.equal(
    error.message,
    `Cannot read report ${path}: not valid JSON (an unexpected character)`,
  );
});
