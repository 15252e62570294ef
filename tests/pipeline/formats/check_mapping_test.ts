import assert from "node:assert/strict";
import { checkMapping } from "../../../pipeline/formats/check_mapping.ts";
import { UsageError } from "../../../pipeline/options.ts";

const GOOD = {
  table: "activity",
  fields: {
    ts: "event_time",
    action: "event_type",
    sku: "product_id",
    customer: "user_id",
    visit: "user_session",
  },
  timestamp: { format: "DD/MM/YYYY HH:MM", zone: "+02:00" },
  values: { event_type: { add_to_cart: "cart" } },
  constants: { brand: "acme" },
};

function rejects(json: unknown, message: RegExp): void {
  assert.throws(() => checkMapping(json, "m.json"), (error: unknown) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.match(error.message, /^mapping m\.json: /);
    assert.match(error.message, message);
    return true;
  });
}

Deno.test("checkMapping() compiles a good mapping: pairs, zone offset, value maps and constants", () => {
  const { mapping, header, columns } = checkMapping(GOOD, "m.json");
  assert.equal(header, true);
  assert.equal(columns, undefined);
  assert.deepEqual(mapping, {
    table: "activity",
    fields: [
      ["ts", "event_time"],
      ["action", "event_type"],
      ["sku", "product_id"],
      ["customer", "user_id"],
      ["visit", "user_session"],
    ],
    values: { event_type: { add_to_cart: "cart" } },
    constants: { brand: "acme" },
    timeFormat: "DD/MM/YYYY HH:MM",
    offsetMinutes: 120,
  });
});

Deno.test("checkMapping() defaults to a header row and ISO times in UTC, and reads negative offsets", () => {
  const { mapping } = checkMapping({ ...GOOD, timestamp: undefined }, "m.json");
  assert.equal(mapping.timeFormat, "iso");
  assert.equal(mapping.offsetMinutes, 0);
  const west = checkMapping({ ...GOOD, timestamp: { zone: "-05:30" } }, "m.json");
  assert.equal(west.mapping.offsetMinutes, -330);
});

Deno.test("checkMapping() accepts a file without a header when columns are given", () => {
  const checked = checkMapping(
    { ...GOOD, header: false, columns: ["ts", "action", "sku", "customer", "visit", "extra"] },
    "m.json",
  );
  assert.equal(checked.header, false);
  assert.deepEqual(checked.columns, ["ts", "action", "sku", "customer", "visit", "extra"]);
});

Deno.test("checkMapping() rejects an unknown canonical field, naming it and the table's fields", () => {
  rejects(
    { ...GOOD, fields: { ...GOOD.fields, cost: "prize" } },
    /unknown canonical field "prize" \(mapped from column "cost"\); fields of activity: event_time, event_type/,
  );
  rejects(
    { ...GOOD, constants: { colour: "red" } },
    /unknown canonical field "colour" in constants/,
  );
  rejects({ ...GOOD, values: { kind: {} } }, /unknown canonical field "kind" in values/);
});

Deno.test("checkMapping() rejects an unknown or missing table", () => {
  rejects(
    { ...GOOD, table: "orders" },
    /unknown table \(not quoted: it may be data\) \(expected activity, transactions, inventory, reviews\)/,
  );
  rejects({ ...GOOD, table: "review" }, /unknown table "review"/); // a misspelling is quoted
  rejects({ ...GOOD, table: undefined }, /"table" is required/);
});

Deno.test("checkMapping() rejects a required field that is neither mapped nor constant", () => {
  const { visit: _, ...fields } = GOOD.fields;
  rejects({ ...GOOD, fields }, /required field "user_session" of table activity is not mapped/);
  const ok = checkMapping({ ...GOOD, fields, constants: { user_session: "one" } }, "m.json");
  assert.deepEqual(ok.mapping.constants, { user_session: "one" });
});

Deno.test("checkMapping() rejects a column that headerless columns do not list", () => {
  rejects(
    { ...GOOD, header: false, columns: ["ts", "action", "sku", "customer"] },
    /fields: column "visit" is not among "columns" \(ts, action, sku, customer\)/,
  );
  rejects({ ...GOOD, header: false }, /"header": false needs "columns"/);
  rejects({ ...GOOD, columns: ["ts"] }, /"columns" is for files without a header row/);
});

Deno.test("checkMapping() rejects wrong JSON shapes with the key and the value", () => {
  rejects([], /must be a JSON object; got an array/);
  rejects({ ...GOOD, fields: ["ts"] }, /"fields" must be an object mapping source columns/);
  rejects(
    { ...GOOD, fields: { ...GOOD.fields, x: 3 } },
    /column "x" must map to a canonical field name; got a number/,
  );
  rejects(
    { ...GOOD, header: "yes" },
    /"header" must be true or false; got a string of 3 characters/,
  );
  rejects({ ...GOOD, colums: [] }, /unknown key "colums"/);
  rejects({ ...GOOD, values: { event_type: { a: 1 } } }, /"a" must map to a string; got a number/);
  rejects(
    { ...GOOD, constants: { brand: null } },
    /"brand" must be a string or a number; got null/,
  );
});

Deno.test("checkMapping() rejects a field mapped twice, a constant that is also mapped, and a value map of an unmapped field", () => {
  rejects(
    { ...GOOD, fields: { ...GOOD.fields, ts2: "event_time" } },
    /"event_time" is mapped from two columns/,
  );
  rejects(
    { ...GOOD, constants: { user_id: "u" } },
    /constants: "user_id" is also mapped from a column/,
  );
  rejects(
    { ...GOOD, values: { brand: { a: "b" } } },
    /values: "brand" is not mapped from a column/,
  );
});

Deno.test("checkMapping() rejects bad timestamp formats and zones", () => {
  rejects(
    { ...GOOD, timestamp: { format: "DD/QQ/YYYY" } },
    /timestamp: time pattern "DD\/QQ\/YYYY": unknown token "QQ"/,
  );
  rejects(
    { ...GOOD, timestamp: { zone: "Europe/Berlin" } },
    /unknown zone "Europe\/Berlin" \(expected UTC or a fixed offset like \+02:00\)/,
  );
  rejects(
    { ...GOOD, timestamp: { format: "epoch_ms", zone: "+01:00" } },
    /a zone does not apply to epoch_ms/,
  );
  rejects({ ...GOOD, timestamp: { fmt: "iso" } }, /timestamp: unknown key "fmt"/);
  rejects({ ...GOOD, timestamp: "iso" }, /"timestamp" must be an object/);
});

Deno.test("checkMapping() never quotes what may be data: a data file passed as the mapping", () => {
  // Each put a raw id on stderr: an array of records, an object keyed by ids, an id as a value.
  const id = "RAWUSER81";
  const messages = [
    [{ review_id: "rv1", user_id: id }],
    { [id]: { rating: 5 } },
    { ...GOOD, table: id },
    { ...GOOD, header: id },
  ].map((json) => {
    try {
      checkMapping(json, "m.json");
      return "accepted";
    } catch (error) {
      return (error as Error).message;
    }
  });
  assert.deepEqual(messages.map((m) => m.includes(id)), [false, false, false, false]);
  assert.match(messages[0], /got an array of 1 \(a data file\?\)/);
  assert.match(messages[1], /unknown key \(key 1 of 1, not quoted\)/);
});

Deno.test("checkMapping() rejects two columns that are one to the reader (any case and spacing)", () => {
  // "kunde" → brand and "Kunde" → user_id: a record keyed KUNDE fed brand, user_id went missing
  // and the quarantine row kept the raw id under "kunde".
  rejects(
    { ...GOOD, fields: { kunde: "brand", ...GOOD.fields, " Kunde": "category_code" } },
    /fields: columns "kunde" and " Kunde" are one column to the reader/,
  );
});
