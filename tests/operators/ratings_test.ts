import assert from "node:assert/strict";
import { from, lastValueFrom, toArray } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { ratings, ratingsByCategory } from "../../operators/ratings.ts";
import type { AnyBatch, InventoryUpdate, Review } from "../../operators/types.ts";

const day = (month: number, date: number) => Date.UTC(2011, month, date);

let nextId = 0;
function review(time: number, productId: string | null, rating: number): Review {
  return {
    reviewId: `r${nextId++}`,
    userId: null,
    productId,
    orderId: null,
    rating,
    title: null,
    body: null,
    eventTime: time,
  };
}

function stock(time: number, productId: string, category: string): InventoryUpdate {
  return {
    productId,
    name: productId,
    category,
    brand: null,
    unitCost: null,
    price: null,
    stockLevel: 1,
    change: "snapshot",
    warehouse: null,
    eventTime: time,
  };
}

const revs = (records: Review[], watermark?: number): AnyBatch => ({
  table: "reviews",
  records,
  quarantine: [],
  watermark,
});
const inv = (records: InventoryUpdate[], watermark?: number): AnyBatch => ({
  table: "inventory",
  records,
  quarantine: [],
  watermark,
});

Deno.test("ratings() counts reviews and averages ratings to 3 decimals per month and product", async () => {
  const out = await lastValueFrom(
    from([
      revs([
        review(day(1, 2), "P2", 3),
        review(day(0, 5), "P2", 5),
        review(day(0, 6), "P2", 4),
        review(day(0, 7), "P2", 4),
        review(day(0, 8), "P10", 1),
        review(day(0, 9), null, 2),
        review(day(0, 10), null, 5),
      ]),
    ]).pipe(ratings(), toArray()),
  );
  assert.deepEqual(out, [[
    { month: "2011-01", product_id: "P10", reviews: 1, avg_rating: 1 },
    { month: "2011-01", product_id: "P2", reviews: 3, avg_rating: 4.333 },
    { month: "2011-01", product_id: "unknown", reviews: 2, avg_rating: 3.5 },
    { month: "2011-02", product_id: "P2", reviews: 1, avg_rating: 3 },
  ]]);
});

Deno.test("ratings() emits a month when the reviews watermark passes its end (marbles)", () => {
  const scheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
  scheduler.run(({ cold, expectObservable }) => {
    const source = cold<AnyBatch>("-a-b-c|", {
      a: revs([review(day(0, 5), "P1", 2)], day(0, 5)),
      b: revs([review(day(0, 31), "P1", 3)], day(1, 1) - 1),
      c: revs([review(day(1, 3), "P1", 4)], day(1, 1)),
    });
    expectObservable(source.pipe(ratings())).toBe("-----x(y|)", {
      x: [{ month: "2011-01", product_id: "P1", reviews: 2, avg_rating: 2.5 }],
      y: [{ month: "2011-02", product_id: "P1", reviews: 1, avg_rating: 4 }],
    });
  });
});

Deno.test("ratingsByCategory() groups by the inventory category as of each month's end", async () => {
  const out = await lastValueFrom(
    from([
      inv([
        stock(day(0, 1), "P1", "books"),
        stock(day(1, 10), "P1", "home"),
        stock(day(0, 3), "P2", "books"),
      ]),
      revs([
        review(day(0, 5), "P1", 5),
        review(day(0, 6), "P2", 2),
        review(day(0, 7), "P3", 4), // never in inventory
        review(day(0, 8), null, 1), // no product
        review(day(1, 5), "P1", 3), // P1 moves to "home" later in February
      ]),
    ]).pipe(ratingsByCategory(), toArray()),
  );
  assert.deepEqual(out.flat(), [
    { month: "2011-01", category: "books", reviews: 2, avg_rating: 3.5 },
    { month: "2011-01", category: "unknown", reviews: 2, avg_rating: 2.5 },
    { month: "2011-02", category: "home", reviews: 1, avg_rating: 3 },
  ]);
});

Deno.test("ratingsByCategory() waits for the inventory watermark before closing a month", () => {
  const scheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
  scheduler.run(({ cold, expectObservable }) => {
    const source = cold<AnyBatch>("-a-b-c|", {
      a: inv([stock(day(0, 20), "P1", "sports")], day(0, 20)),
      b: revs([review(day(0, 5), "P1", 4)], day(1, 5)), // inventory holds January open
      c: inv([stock(day(1, 2), "P1", "beauty")], day(1, 2)), // a February change: not January's
    });
    expectObservable(source.pipe(ratingsByCategory())).toBe("-----x|", {
      x: [{ month: "2011-01", category: "sports", reviews: 1, avg_rating: 4 }],
    });
  });
});

Deno.test("ratings() gives the same rows however the input is split into batches", async () => {
  let seed = 77;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  const all: Review[] = [];
  let time = day(0, 1);
  for (let i = 0; i < 1_500; i++) {
    time += Math.floor(random() * 7_200_000);
    all.push(
      review(
        time,
        random() < 0.1 ? null : `P${Math.floor(random() * 12)}`,
        1 + Math.floor(random() * 5),
      ),
    );
  }
  const whole = (await lastValueFrom(from([revs(all)]).pipe(ratings(), toArray()))).flat();
  const batches: AnyBatch[] = [];
  for (let i = 0; i < all.length; i += 50) {
    const part = all.slice(i, i + 50);
    batches.push(revs(part, part[part.length - 1].eventTime - 3_600_000));
  }
  const split = await lastValueFrom(from(batches).pipe(ratings(), toArray()));
  assert.ok(split.length > 1);
  assert.deepEqual(split.flat(), whole);
});
