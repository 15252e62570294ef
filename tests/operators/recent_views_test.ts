import assert from "node:assert/strict";
import { RecentViews, type ViewMatch } from "../../operators/recent_views.ts";

const out = (): ViewMatch => ({ count: 0, first: Infinity });

Deno.test("RecentViews.match() counts one user's views of one product within the range", () => {
  const views = new RecentViews();
  views.add("u1", "p1", 10);
  views.add("u2", "p1", 11);
  views.add("u1", "p2", 12);
  views.add("u1", "p1", 13);
  views.add("u1", "p1", 30);
  assert.deepEqual(views.match("u1", "p1", 10, 20, out()), { count: 2, first: 10 });
  assert.deepEqual(views.match("u1", "p1", 11, 30, out()), { count: 2, first: 13 });
  assert.deepEqual(views.match("u2", "p2", 0, 99, out()), { count: 0, first: Infinity });
  assert.deepEqual(views.match("u3", "p1", 0, 99, out()), { count: 0, first: Infinity });
  assert.deepEqual(views.match("u1", "p9", 0, 99, out()), { count: 0, first: Infinity });
});

Deno.test("RecentViews.dropBefore() drops from the front only while views are older", () => {
  const views = new RecentViews();
  views.add("u1", "p1", 10);
  views.add("u2", "p1", 50); // arrived before an older view: holds it back
  views.add("u1", "p1", 20);
  views.dropBefore(30);
  assert.equal(views.size, 2);
  assert.deepEqual(views.match("u1", "p1", 0, 99, out()), { count: 1, first: 20 });
  views.dropBefore(60);
  assert.equal(views.size, 0);
  assert.deepEqual(views.match("u2", "p1", 0, 99, out()), { count: 0, first: Infinity });
});

Deno.test("RecentViews agrees with a plain list through ring growth, for few and many users", () => {
  for (const users of [300, 5_000]) agreesWithList(users);
});

function agreesWithList(users: number): void {
  let seed = 5;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  const views = new RecentViews();
  let list: { user: string; product: string; time: number }[] = [];
  let time = 0;
  for (let i = 0; i < 20_000; i++) {
    time += Math.floor(random() * 10);
    const view = {
      user: `u${Math.floor(random() * users)}`,
      product: `product-number-${Math.floor(random() * 5)}`,
      time,
    };
    views.add(view.user, view.product, view.time);
    list.push(view);
    if (i % 97 === 0) {
      const before = time - 2_000;
      views.dropBefore(before);
      list = list.filter((v) => v.time >= before);
      assert.equal(views.size, list.length);
    }
    if (i % 13 === 0) {
      const user = `u${Math.floor(random() * users)}`;
      const product = `product-number-${Math.floor(random() * 5)}`;
      const hits = list.filter((v) =>
        v.user === user && v.product === product && v.time >= time - 500
      );
      const expected = { count: hits.length, first: hits.length ? hits[0].time : Infinity };
      assert.deepEqual(views.match(user, product, time - 500, time, out()), expected);
    }
  }
}
