/**
 * The columnar floor of `deno task bench stages` does the work of the stage it is measured
 * against: on a generated file its columns hold, row for row, what source → validate →
 * anonymize gives; and it refuses, naming the file and line, what it does not read.
 */

import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { columnarFloor, type FloorBatch } from "../../bench/columnar_floor.ts";
import { runStage } from "../../bench/bench_stages.ts";
import { generate } from "../../dev/generator/generate.ts";
import { anonymize } from "../../operators/anonymize.ts";
import { EVENT_TYPES } from "../../operators/registry.ts";
import type { ActivityEvent, AnyBatch } from "../../operators/types.ts";
import { validate } from "../../operators/validate.ts";
import { createPseudonymizer } from "../../pipeline/pseudonymizer.ts";
import { fileSource } from "../../pipeline/sources/file_source.ts";

const KEY = new TextEncoder().encode("a test key, 16 bytes or more");
const HEADER = "event_time,event_type,product_id,category_id,category_code,brand,price,user_id," +
  "user_session,event_id\n";

function floorRows(batch: FloorBatch): ActivityEvent[] {
  const rows: ActivityEvent[] = [];
  for (let i = 0; i < batch.length; i++) {
    rows.push({
      eventId: batch.eventId[i],
      eventTime: batch.eventTime[i],
      eventType: EVENT_TYPES[batch.eventType[i]],
      productId: batch.productId[i],
      categoryId: batch.categoryId[i],
      categoryCode: batch.categoryCode[i],
      brand: batch.brand[i],
      price: Number.isNaN(batch.price[i]) ? null : batch.price[i],
      userId: batch.userId[i],
      userSession: batch.userSession[i],
    });
  }
  return rows;
}

/** What source → validate → anonymize makes of `path` (none of it quarantined). */
async function pipelineRows(path: string): Promise<ActivityEvent[]> {
  const batches = await lastValueFrom(
    from(fileSource({ table: "activity", paths: [path] })).pipe(
      validate(),
      anonymize(createPseudonymizer(KEY)),
      toArray(),
    ),
  );
  assert.equal(batches.reduce((n, b) => n + b.quarantine.length, 0), 0);
  return batches.flatMap((b: AnyBatch) => (b.records as ActivityEvent[]).map((e) => ({ ...e })));
}

Deno.test("the floor's columns equal source → validate → anonymize on a generated file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "columnar_floor_test_" });
  try {
    await generate({ out: dir, events: 6_000, seed: 11 });
    const path = `${dir}/activity.csv`;
    const expected = await pipelineRows(path);
    const rows: ActivityEvent[] = [];
    // A small batch size, so rows cross batches (and the last batch is partial).
    for await (const batch of columnarFloor(path, createPseudonymizer(KEY), 1000)) {
      assert.ok(batch.length <= 1000);
      rows.push(...floorRows(batch));
    }
    assert.equal(rows.length, 6_000);
    assert.deepEqual(rows, expected);
    // Every stage of the bench sees the same events.
    for (const stage of ["source", "decode", "pseudonymize", "floor"] as const) {
      assert.equal((await runStage(stage, path, KEY)).rows, 6_000, stage);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the floor reads empty optional fields and a last row without a line end, and refuses other layouts by line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "columnar_floor_test_" });
  const read = async (name: string, text: string): Promise<ActivityEvent[]> => {
    await Deno.writeTextFile(`${dir}/${name}`, text);
    const rows: ActivityEvent[] = [];
    for await (const b of columnarFloor(`${dir}/${name}`, createPseudonymizer(KEY))) {
      rows.push(...floorRows(b));
    }
    return rows;
  };
  const row = "2024-10-01 00:00:05 UTC,view,1008093,,,quechua,283.00,500000019,s1,ev1";
  try {
    // Empty optional fields (category, code, price) and no line end after the last row.
    const rows = await read("end.csv", HEADER + row + "\n" + row.replace("283.00", ""));
    assert.equal(rows.length, 2);
    assert.deepEqual(rows, await pipelineRows(`${dir}/end.csv`));
    assert.equal(rows[1].price, null);
    const refused: [string, string, RegExp][] = [
      ["header.csv", "a,b\n", /header\.csv:line 1: not the native header/],
      ["quote.csv", HEADER + row + "\n" + row.replace("quechua", '"que,chua"'), /line 3: a quote/],
      ["fields.csv", HEADER + row + ",extra\n", /line 2: not 10 fields/],
      ["time.csv", HEADER + row.replace(" UTC", "+0000"), /line 2: a time not written/],
      ["digit.csv", HEADER + row.replace("00:05", "0x:05"), /line 2: a time with a non-digit/],
      ["type.csv", HEADER + row.replace("view", "peek"), /line 2: an event type/],
      ["price.csv", HEADER + row.replace("283.00", "-283"), /line 2: a price/],
      ["id.csv", HEADER + row.replace(",ev1", ","), /line 2: no event_id/],
    ];
    for (const [name, text, message] of refused) {
      await assert.rejects(read(name, text), message, name);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
