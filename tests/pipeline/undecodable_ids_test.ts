import assert from "node:assert/strict";
import { readTable } from "../../pipeline/lake/read_table.ts";
import { replayDefaults } from "./replay_defaults.ts";
import { tempDir } from "../temp_dir.ts";

// Bytes that are not UTF-8 decode as U+FFFD, so ids that differ only in them (`jos\xe9`,
// `jos\xe8` in a Latin-1 export: two people) would read as one id and get one pseudonym: the
// users would merge in every report, without a word. Such ids are quarantined instead.

const encoder = new TextEncoder();

/** The UTF-8 text with each `\xNN` escape replaced by that raw byte. */
function bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (const part of text.split(/(\\x[0-9a-f]{2})/)) {
    if (part.startsWith("\\x")) out.push(parseInt(part.slice(2), 16));
    else out.push(...encoder.encode(part));
  }
  return Uint8Array.from(out);
}

const HEADER =
  "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";

Deno.test("replay quarantines ids holding bytes that are not UTF-8 (invalid_encoding), so two such users never merge", async () => {
  await using dir = await tempDir({ prefix: "undecodable_ids_" });
  const input = `${dir.path}/in`;
  await Deno.mkdir(input);
  await Deno.writeFile(
    `${input}/activity.csv`,
    bytes(
      `${HEADER}\n` +
        "2024-10-01 00:00:01 UTC,view,p1,,,acme,1.00,jos\\xe9,s1\n" +
        "2024-10-01 00:00:02 UTC,view,p1,,,acme,1.00,jos\\xe8,s2\n" +
        "2024-10-01 00:00:03 UTC,view,p1,,,caf\\xe9,1.00,ana,s\\xff3\n" +
        "2024-10-01 00:00:04 UTC,view,p1,,,caf\\xe9,1.00,ana,s4\n",
    ),
  );
  await Deno.writeFile(
    `${input}/transactions.ndjson`,
    bytes(
      '{"transaction_id":"t1","order_id":"o1","user_id":"jos\\xe9","product_id":"p1",' +
        '"quantity":1,"unit_price":1,"type":"purchase","timestamp":"2024-10-01T00:00:05Z"}\n' +
        '{"transaction_id":"t2","order_id":"o2","user_id":"ana","product_id":"p1",' +
        '"quantity":1,"unit_price":1,"type":"purchase","timestamp":"2024-10-01T00:00:06Z"}\n' +
        // JSON escapes of lone surrogates: the HMAC would encode both as the bytes of U+FFFD.
        '{"transaction_id":"t3","order_id":"o3","user_id":"jos\\ud800","product_id":"p1",' +
        '"quantity":1,"unit_price":1,"type":"purchase","timestamp":"2024-10-01T00:00:07Z"}\n' +
        '{"transaction_id":"t4","order_id":"o4","user_id":"jos\\udbff","product_id":"p1",' +
        '"quantity":1,"unit_price":1,"type":"purchase","timestamp":"2024-10-01T00:00:08Z"}\n' +
        // Transaction ids that differ only in such bytes: the second was a duplicate_id.
        '{"transaction_id":"t\\xe9","order_id":"o5","user_id":"ana","product_id":"p1",' +
        '"quantity":1,"unit_price":1,"type":"purchase","timestamp":"2024-10-01T00:00:09Z"}\n' +
        '{"transaction_id":"t\\xe8","order_id":"o6","user_id":"bob","product_id":"p1",' +
        '"quantity":1,"unit_price":1,"type":"purchase","timestamp":"2024-10-01T00:00:10Z"}\n',
    ),
  );
  const lake = `${dir.path}/lake`;
  const summary = await replayDefaults(input, lake);

  const activity = await readTable(lake, "activity");
  assert.equal(activity.length, 1, "only the row whose ids are whole text stays valid");
  assert.equal(activity[0].brand, "caf\ufffd", "other fields keep their replacement characters");
  assert.equal((await readTable(lake, "transactions")).length, 1);

  const quarantine = await readTable(lake, "quarantine");
  assert.deepEqual(
    quarantine.map((row) => `${row.source} ${row.reason}`).sort(),
    [
      "activity invalid_encoding:user_id",
      "activity invalid_encoding:user_id",
      "activity invalid_encoding:user_session",
      "transactions invalid_encoding:transaction_id",
      "transactions invalid_encoding:transaction_id",
      "transactions invalid_encoding:user_id",
      "transactions invalid_encoding:user_id",
      "transactions invalid_encoding:user_id",
    ],
  );
  for (const row of quarantine) {
    assert.doesNotMatch(String(row.raw), /jos|s\ufffd3/, "no raw id in the quarantine's text");
  }
  const reasons = summary.quality.filter((r) => r.reason === "invalid_encoding:user_id");
  assert.deepEqual(reasons.map((r) => [r.source, r.count]).sort(), [
    ["activity", 2],
    ["transactions", 3],
  ]);
});
