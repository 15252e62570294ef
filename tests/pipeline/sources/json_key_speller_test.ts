import assert from "node:assert/strict";
import { jsonKeySpeller } from "../../../pipeline/sources/json_key_speller.ts";

const spell = jsonKeySpeller(["user_id", "event_time", "price"]);

Deno.test("jsonKeySpeller() returns an object spelled as known as it is", () => {
  const fields = { user_id: "u", price: 1, extra: true };
  assert.equal(spell(fields), fields);
});

Deno.test("jsonKeySpeller() renames other spellings, keeps unknown keys and key order", () => {
  assert.deepEqual(
    Object.entries(spell({ "Event Time": "t", USER_ID: "u", other: 2, "PRICE ": "1" })),
    [["event_time", "t"], ["user_id", "u"], ["other", 2], ["price", "1"]],
  );
});

Deno.test("jsonKeySpeller() lets the known spelling win, then the first other spelling", () => {
  assert.deepEqual(spell({ USER_ID: "a", user_id: "b", "User Id": "c" }), {
    USER_ID: "a",
    user_id: "b",
    "User Id": "c",
  });
  assert.deepEqual(spell({ USER_ID: "a", "User Id": "c" }), { user_id: "a", "User Id": "c" });
});

Deno.test("jsonKeySpeller() keeps a __proto__ key an ordinary member", () => {
  const fields = JSON.parse('{"__proto__":{"x":1},"USER_ID":"u"}');
  const out = spell(fields);
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(Object.keys(out), ["__proto__", "user_id"]);
});
