import assert from "node:assert/strict";
import { scrubIds } from "../../operators/scrub_ids.ts";

const pseudonym = (id: string) => `P(${id})`;

Deno.test("scrubIds() replaces each noted id wherever it stands as a whole token", () => {
  const raw = "2019-10-01,view,541312140,x,,541312140,s-1";
  assert.equal(
    scrubIds(raw, ["541312140", "s-1"], pseudonym),
    "2019-10-01,view,P(541312140),x,,P(541312140),P(s-1)",
  );
});

Deno.test("scrubIds() leaves longer tokens that merely contain an id alone", () => {
  assert.equal(scrubIds("u1,u12,xu1,u1-b,u1", ["u1"], pseudonym), "P(u1),u12,xu1,u1-b,P(u1)");
  assert.equal(scrubIds("abc", ["zzz"], pseudonym), "abc");
});

Deno.test("scrubIds() replaces user and session ids in unparseable JSON, even cut off", () => {
  assert.equal(
    scrubIds('{"transaction_id":"t1","user_id":"500000347","qty":', undefined, pseudonym),
    '{"transaction_id":"t1","user_id":"P(500000347)","qty":',
  );
  assert.equal(
    scrubIds('{"a":1,"user_id":"5000', undefined, pseudonym),
    '{"a":1,"user_id":"P(5000)',
  );
  assert.equal(
    scrubIds('[{"userSession": "s\\"1"}, {"user_id" : 42}]', undefined, pseudonym),
    '[{"userSession": "P(s\\"1)"}, {"user_id" : "P(42)"}]',
  );
});

Deno.test("scrubIds() leaves other unparseable text as it is", () => {
  assert.equal(scrubIds("user_id,541312140", undefined, pseudonym), "user_id,541312140");
});
