import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import {
  firstOpenMonth,
  monthEnd,
  monthIndex,
  monthIndexKey,
  monthIndexStart,
  monthKey,
  monthlyReport,
  monthStart,
  OpenMonths,
} from "../../operators/month_window.ts";
import type { AnyBatch, Review } from "../../operators/types.ts";

Deno.test("monthIndex() agrees with Date.getUTCMonth around every month boundary from 1600 to 2400", () => {
  for (let year = 1600; year <= 2400; year++) {
    for (let month = 0; month < 12; month++) {
      const start = Date.UTC(year, month, 1);
      const expected = year * 12 + month;
      assert.equal(monthIndex(start), expected, `start of ${year}-${month + 1}`);
      assert.equal(monthIndex(start - 1), expected - 1, `ms before ${year}-${month + 1}`);
      assert.equal(monthIndexStart(expected), start, `monthIndexStart of ${year}-${month + 1}`);
    }
  }
});

Deno.test("monthIndex() agrees with Date on random times, including before 1970", () => {
  let seed = 7;
  for (let i = 0; i < 20_000; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const time = Math.floor((seed / 2_147_483_648 - 0.3) * 1e13);
    const date = new Date(time);
    assert.equal(monthIndex(time), date.getUTCFullYear() * 12 + date.getUTCMonth(), `time ${time}`);
  }
});

Deno.test("monthKey() formats YYYY-MM in UTC with a zero-padded month", () => {
  assert.equal(monthKey(Date.UTC(2011, 11, 9, 12)), "2011-12");
  assert.equal(monthKey(Date.UTC(2010, 0, 1)), "2010-01");
  assert.equal(monthKey(Date.UTC(2010, 0, 1) - 1), "2009-12");
  assert.equal(monthIndexKey(2024 * 12 + 1), "2024-02");
});

Deno.test("monthStart() and monthEnd() bound the month, the end being the next month's first ms", () => {
  const time = Date.UTC(2024, 1, 29, 23, 59, 59, 999);
  assert.equal(monthStart(time), Date.UTC(2024, 1, 1));
  assert.equal(monthEnd(time), Date.UTC(2024, 2, 1));
  assert.equal(monthEnd(Date.UTC(2011, 11, 31)), Date.UTC(2012, 0, 1));
});

Deno.test("firstOpenMonth() keeps the month containing the watermark open", () => {
  const march = Date.UTC(2011, 2, 1);
  assert.equal(firstOpenMonth(march), 2011 * 12 + 2);
  assert.equal(firstOpenMonth(march - 1), 2011 * 12 + 1);
  assert.equal(firstOpenMonth(Infinity), Infinity);
  assert.equal(firstOpenMonth(-Infinity), -Infinity);
});

Deno.test("OpenMonths closes a month only when the watermark reaches its end, in month order", () => {
  const months = new OpenMonths(() => ({ n: 0 }));
  months.at(Date.UTC(2011, 2, 5))!.n++;
  months.at(Date.UTC(2011, 0, 5))!.n++;
  months.at(Date.UTC(2011, 0, 6))!.n++;
  months.at(Date.UTC(2011, 1, 5))!.n++;
  assert.deepEqual(months.close(Date.UTC(2011, 1, 1) - 1), []);
  assert.deepEqual(months.close(Date.UTC(2011, 2, 1)), [
    [2011 * 12, { n: 2 }],
    [2011 * 12 + 1, { n: 1 }],
  ]);
  assert.equal(months.at(Date.UTC(2011, 1, 28)), undefined, "a closed month does not reopen");
  assert.deepEqual(months.close(Infinity), [[2011 * 12 + 2, { n: 1 }]]);
});

function reviewBatch(times: number[], watermark?: number): AnyBatch {
  const records: Review[] = times.map((eventTime, i) => ({
    reviewId: `r${eventTime}-${i}`,
    userId: null,
    productId: "P1",
    orderId: null,
    rating: 5,
    title: null,
    body: null,
    eventTime,
  }));
  return { table: "reviews", records, quarantine: [], watermark };
}

/** A report that counts records per month and names the closing watermark. */
function countingReport(tables: AnyBatch["table"][]) {
  return monthlyReport(() => {
    const months = new OpenMonths(() => ({ n: 0 }));
    return {
      tables,
      add(batch: AnyBatch) {
        for (const record of batch.records) months.at(record.eventTime)!.n++;
      },
      close(watermark: number) {
        return months.close(watermark).map(([index, s]) =>
          `${monthIndexKey(index)}:${s.n}@${watermark}`
        );
      },
    };
  });
}

Deno.test("monthlyReport() closes on the minimum watermark of the consumed tables seen so far", async () => {
  const jan = Date.UTC(2011, 0, 10);
  const feb1 = Date.UTC(2011, 1, 1);
  const inventory: AnyBatch = { table: "inventory", records: [], quarantine: [], watermark: jan };
  const activity: AnyBatch = { table: "activity", records: [], quarantine: [], watermark: 0 };
  const out = await lastValueFrom(
    from([
      reviewBatch([jan], jan),
      activity, // not consumed: its low watermark must not hold closing back
      inventory,
      reviewBatch([], feb1 + 5),
      { ...inventory, watermark: feb1 },
    ]).pipe(countingReport(["reviews", "inventory"]), toArray()),
  );
  assert.deepEqual(out, [[`2011-01:1@${feb1}`]]);
});

Deno.test("monthlyReport() holds closing back while a table has no watermark, then flushes on completion", async () => {
  const jan = Date.UTC(2011, 0, 10);
  const out = await lastValueFrom(
    from([reviewBatch([jan]), reviewBatch([jan + 1], Date.UTC(2011, 5, 1))]).pipe(
      countingReport(["reviews"]),
      toArray(),
    ),
  );
  // The first batch left the watermark at -Infinity; the second moved it to June.
  assert.deepEqual(out, [[`2011-01:2@${Date.UTC(2011, 5, 1)}`]]);
  const unmarked = await lastValueFrom(
    from([reviewBatch([jan]), reviewBatch([jan + 1])]).pipe(countingReport(["reviews"]), toArray()),
  );
  assert.deepEqual(unmarked, [["2011-01:2@Infinity"]]);
});

Deno.test("monthlyReport() never lets a watermark move backwards", async () => {
  const jan = Date.UTC(2011, 0, 10);
  const mar = Date.UTC(2011, 2, 10);
  const out = await lastValueFrom(
    from([reviewBatch([jan], mar), reviewBatch([mar], jan)]).pipe(
      countingReport(["reviews"]),
      toArray(),
    ),
  );
  assert.deepEqual(out, [[`2011-01:1@${mar}`], ["2011-03:1@Infinity"]]);
});

Deno.test("monthlyReport() turns an exception inside the report into an error notification", async () => {
  const failing = monthlyReport<string>(() => ({
    tables: ["reviews"],
    add() {
      throw new TypeError("boom");
    },
    close: () => [],
  }));
  await assert.rejects(lastValueFrom(from([reviewBatch([1])]).pipe(failing)), /boom/);
});
