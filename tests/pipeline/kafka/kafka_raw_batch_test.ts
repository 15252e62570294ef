import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { KafkaMessage } from "kafkajs";
import { from, lastValueFrom, toArray } from "rxjs";
import { anonymize } from "../../../operators/anonymize.ts";
import { validate } from "../../../operators/validate.ts";
import { kafkaRawBatch, MAX_MESSAGE_BYTES } from "../../../pipeline/kafka/kafka_raw_batch.ts";
import { createPseudonymizer } from "../../../pipeline/pseudonymizer.ts";

function message(offset: number, value: Buffer | null): KafkaMessage {
  return { key: null, value, offset: String(offset), timestamp: "0", attributes: 0, headers: {} };
}

Deno.test("kafkaRawBatch() parses JSON objects into records positioned topic/partition@offset", () => {
  const batch = kafkaRawBatch("t", 3, [
    message(41, Buffer.from('{"event_type":"view","user_id":"7"}')),
    message(42, Buffer.from('{"event_type":"cart"}')),
  ], 100);
  assert.equal(batch.table, "activity");
  assert.deepEqual(batch.records.map((r) => r.position), ["t/3@41", "t/3@42"]);
  assert.deepEqual(batch.records[0].fields, { event_type: "view", user_id: "7" });
  assert.equal(batch.records[0].raw, '{"event_type":"view","user_id":"7"}');
  assert.equal(batch.records[0].source, "t");
  assert.equal(batch.quarantine.length, 0);
  assert.equal(batch.bytesRead, 100 + 35 + 21);
  assert.equal(batch.bytesTotal, 0);
});

Deno.test("kafkaRawBatch() matches keys in any case and spacing, as files do", () => {
  const batch = kafkaRawBatch("t", 0, [
    message(1, Buffer.from('{"Event Type":"view","USER_ID":"7","user_session":"s","odd":1}')),
  ], 0);
  assert.deepEqual(batch.records[0].fields, {
    event_type: "view",
    user_id: "7",
    user_session: "s",
    odd: 1,
  });
});

Deno.test("kafkaRawBatch() quarantines everything that is not a UTF-8 JSON object of at most 1 MiB", () => {
  const big = Buffer.from(JSON.stringify({ pad: "x".repeat(MAX_MESSAGE_BYTES) }));
  const batch = kafkaRawBatch("t", 0, [
    message(0, Buffer.from('{"event_type":')),
    message(1, Buffer.from("[1,2]")),
    message(2, Buffer.from("42")),
    message(3, Buffer.from("null")),
    message(4, null),
    message(5, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
    message(6, big),
    message(7, Buffer.from('{"ok":true}')),
  ], 0);
  assert.deepEqual(batch.records.map((r) => r.position), ["t/0@7"]);
  assert.deepEqual(batch.quarantine.map((q) => [q.position, q.reason]), [
    ["t/0@0", "malformed_json"],
    ["t/0@1", "malformed_json"],
    ["t/0@2", "malformed_json"],
    ["t/0@3", "malformed_json"],
    ["t/0@4", "malformed_json"],
    ["t/0@5", "malformed_json"],
    ["t/0@6", "malformed_json"],
  ]);
  // Where the ids of a value that is no JSON object stand cannot be known: no text is kept.
  assert.ok(batch.quarantine.every((q) => q.raw === ""));
  assert.deepEqual(batch.records[0].layout, { format: "json" });
  assert.equal(batch.quarantine[0].source, "t");
  assert.equal(batch.quarantine[0].eventTime, null);
});

Deno.test("kafkaRawBatch() then validate and anonymize leave no raw id of a hostile message", async () => {
  const event = '"event_time":"2019-10-01 00:00:00 UTC","product_id":"p1","user_session":"RAWS1K"';
  const values = [
    `log: {${event},"event_type":"view","user_id":"RAWU1K"}`,
    `{${event},"event_type":"bogus","user\\u005fid":"RAWU\\u00302K"}`,
    `{"user_id":"RAWU3K",${event},"event_type":"bogus","user_id":"RAWU4K"}`,
    `{${event},"event_type":"view","user_id":{"id":"RAWU5K"}}`,
    `{'user_id':'RAWU6K'}`,
    `{${event},"event_type":"bogus","user_id":7.77000111207e11}`,
    `{${event},"event_type":"bogus","user_id":"RAWU8K","customer":"RAWU9K"}`,
    `{${event},"event_type":"view","user_id":"RAWU10K`,
  ];
  const batch = kafkaRawBatch("t", 0, values.map((v, i) => message(i, Buffer.from(v))), 0);
  const key = new TextEncoder().encode("kafka-hostile-test-key-0123456789");
  const [out] = await lastValueFrom(
    from([batch]).pipe(validate(), anonymize(createPseudonymizer(key)), toArray()),
  );
  assert.equal(out.records.length + out.quarantine.length, values.length);
  const text = JSON.stringify(out);
  for (
    const id of [
      "RAWS1K",
      "RAWU1K",
      "RAWU02K",
      "RAWU\\\\u00302K",
      "RAWU3K",
      "RAWU4K",
      "RAWU5K",
      "RAWU6K",
      "777000111207",
      "7.77000111207e11",
      "RAWU8K",
      "RAWU9K",
      "RAWU10K",
    ]
  ) {
    assert.ok(!text.includes(id), `${id} in ${text}`);
  }
});

Deno.test("kafkaRawBatch() makes a batch of the given table, keys spelled as its columns", () => {
  const value = Buffer.from('{"Product ID":"p1","STOCK LEVEL":"3","Change":"snapshot","x":1}');
  const batch = kafkaRawBatch("inv", 2, [message(7, value)], 0, "inventory");
  assert.equal(batch.table, "inventory");
  assert.deepEqual(batch.records[0].fields, {
    product_id: "p1",
    stock_level: "3",
    change: "snapshot",
    x: 1,
  });
  // Activity's columns are not inventory's: `USER_ID` is no inventory column, so it stays.
  const other = kafkaRawBatch(
    "inv",
    2,
    [message(8, Buffer.from('{"USER_ID":"u"}'))],
    0,
    "inventory",
  );
  assert.deepEqual(other.records[0].fields, { USER_ID: "u" });
});

Deno.test("kafkaRawBatch() spells keys as a format's decoder names its columns when given them", () => {
  const known = ["InvoiceNo", "CustomerID"];
  const value = Buffer.from('{"invoice no":"5","customer_id":"c","user_id":"u"}');
  const batch = kafkaRawBatch("tx", 0, [message(0, value)], 0, "transactions", known);
  assert.equal(batch.table, "transactions");
  assert.deepEqual(batch.records[0].fields, { InvoiceNo: "5", CustomerID: "c", user_id: "u" });
});

Deno.test("kafkaRawBatch() gives each record its message's timestamp as arrivedAt (none for 0 or -1)", () => {
  const at = (offset: number, timestamp: string) => ({
    ...message(offset, Buffer.from('{"event_type":"view"}')),
    timestamp,
  });
  const batch = kafkaRawBatch("t", 0, [at(1, "1767225600000"), at(2, "-1"), at(3, "0")], 0);
  assert.deepEqual(batch.records.map((r) => r.arrivedAt), [1767225600000, undefined, undefined]);
});

Deno.test("kafkaRawBatch() keeps a number a double cannot hold as its text, as files do", () => {
  const batch = kafkaRawBatch("t", 0, [
    message(1, Buffer.from('{"user_id":12345678901234567891,"n":{"id":9007199254740993},"q":2}')),
  ], 0);
  assert.deepEqual(batch.records[0].fields, {
    user_id: "12345678901234567891",
    n: { id: "9007199254740993" },
    q: 2,
  });
});

Deno.test("kafkaRawBatch() quarantines unread a message produced in another format, naming only known formats", () => {
  const value = Buffer.from('{"event_type":"view","user_id":"u-4711"}');
  // As kafkajs hands them over: header values are Buffers, a repeated header an array.
  const labelled = (offset: number, label: string | string[] | undefined): KafkaMessage =>
    ({
      ...message(offset, value),
      headers: label === undefined ? {} : {
        "shopease-format": Array.isArray(label)
          ? label.map((l) => Buffer.from(l))
          : Buffer.from(label),
      },
    }) as KafkaMessage;
  const batch = kafkaRawBatch("t", 0, [
    labelled(1, "online-retail"),
    labelled(2, "mapping:0123456789ab"),
    labelled(3, "u-4711"), // the producer's text: never quoted
    labelled(4, ["shopease", "rees46"]),
    labelled(5, "shopease"),
    labelled(6, undefined), // another producer: read as ever
    labelled(7, ["shopease", "shopease"]),
  ], 0);
  assert.deepEqual(batch.quarantine, [
    {
      source: "t",
      position: "t/0@1",
      reason: "format_mismatch:online-retail",
      raw: "",
      eventTime: null,
    },
    {
      source: "t",
      position: "t/0@2",
      reason: "format_mismatch:mapping:0123456789ab",
      raw: "",
      eventTime: null,
    },
    { source: "t", position: "t/0@3", reason: "format_mismatch", raw: "", eventTime: null },
    { source: "t", position: "t/0@4", reason: "format_mismatch:rees46", raw: "", eventTime: null },
  ]);
  assert.deepEqual(batch.records.map((r) => r.position), ["t/0@5", "t/0@6", "t/0@7"]);
  // Read with the format named in its header, the message is a record.
  const retail = kafkaRawBatch(
    "t",
    0,
    [labelled(1, "online-retail")],
    0,
    "transactions",
    undefined,
    "online-retail",
  );
  assert.equal(retail.records.length, 1);
  assert.equal(retail.quarantine.length, 0);
});
