import assert from "node:assert/strict";
import { REDACTED, redactRaw, splitCsvRecord } from "../../operators/redact_raw.ts";
import type { RecordLayout } from "../../operators/types.ts";

const pseudonym = (id: string) => `P(${id})`;
const JSON_LAYOUT: RecordLayout = { format: "json" };
const ID_FIELDS = ["user_id", "user_session"];
const KNOWN = ["event_time", "event_type", "product_id", "price", "user_id", "user_session"];

/** Redacts a JSON text as validate + anonymize would for a record the source parsed. */
function json(text: string): string {
  const fields = JSON.parse(text);
  return redactRaw(
    text,
    { layout: JSON_LAYOUT, fields, idFields: ID_FIELDS, knownFields: KNOWN },
    pseudonym,
  );
}

Deno.test("redactRaw() re-serializes JSON: escapes, duplicates and exponents hide no id", () => {
  // Each input hides RAWU033 (or 1000) from a text search; the parsed value does not.
  assert.equal(
    json('{"user\\u005fid":"RAWU\\u003033","price":1}'),
    '{"user_id":"P(RAWU033)","price":1}',
  );
  assert.equal(json('{"user_id":"RAWU1","user_id":"RAWU2"}'), '{"user_id":"P(RAWU2)"}');
  assert.equal(json('{"user_id":1e3}'), '{"user_id":"P(1000)"}');
  assert.equal(
    json('{"user_id":{"id":"RAWU5"},"user_session":["s1"]}'),
    `{"user_id":"P({\\"id\\":\\"RAWU5\\"})","user_session":"P([\\"s1\\"])"}`,
  );
});

Deno.test("redactRaw() leaves out JSON members the format does not know, counting them", () => {
  assert.equal(
    json('{"customer":"RAWU9","event_type":"view","meta":{"user_id":"RAWU9"},"RAWU9":1}'),
    '{"event_type":"view","_redacted":3}',
  );
  assert.equal(json('{"price":{"user_id":"RAWU9"}}'), `{"price":"${REDACTED}"}`);
  assert.equal(json('{"__proto__":"RAWU9","user_id":null}'), '{"user_id":null,"_redacted":1}');
});

Deno.test("redactRaw() rebuilds a CSV row: ids pseudonymized, unknown columns redacted", () => {
  const layout: RecordLayout = {
    format: "csv",
    delimiter: ";",
    names: ["event_type", "user_id", "customer", "price"],
  };
  const plan = { layout, fields: {}, idFields: ID_FIELDS, knownFields: KNOWN };
  assert.equal(
    redactRaw('view;"RAWU1";RAWU1;"1;5"', plan, pseudonym),
    'view;"P(RAWU1)";[redacted];"1;5"',
  );
  // Known columns only and no ids: byte for byte, quoting and doubled quotes included.
  const known = {
    ...plan,
    layout: { ...layout, names: ["event_type", "price", "event_time", "product_id"] },
  };
  assert.equal(redactRaw('"a ""b""";1;;x', known, pseudonym), '"a ""b""";1;;x');
  // A text that does not split into the layout's columns keeps nothing.
  assert.equal(redactRaw("a;b", plan, pseudonym), "");
});

Deno.test("splitCsvRecord() reads quoted cells with delimiters, quotes and line breaks", () => {
  assert.deepEqual(splitCsvRecord('a|"b|""c""\nd"|', "|"), [
    { value: "a", quoted: false },
    { value: 'b|"c"\nd', quoted: true },
    { value: "", quoted: false },
  ]);
  assert.equal(splitCsvRecord('"a"b', ","), null);
  assert.equal(splitCsvRecord('"a', ","), null);
});
