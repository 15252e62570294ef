/**
 * Hostile input, class by class: export dialects, renamed id columns, misaligned rows, JSON
 * variants, a stray quote, files without a recognisable header. Each case is replayed by the real
 * command; no raw id may reach the lake, stdout or stderr, and input = valid + quarantined.
 */

import { NATIVE_COLUMNS } from "../../../operators/native_columns.ts";
import assert from "node:assert/strict";
import { assertCounts, assertNoRawIds, replayHostile, tableRows } from "./hostile_fixture.ts";

const ACTIVITY = [
  "event_time",
  "event_type",
  "product_id",
  "category_id",
  "category_code",
  "brand",
  "price",
  "user_id",
  "user_session",
];

/** Activity row `i`: user RAWU<i> (or a numeric id), session RAWS<i>, one minute apart. */
function activity(i: number, over: Partial<Record<string, string>> = {}): string[] {
  const row: Record<string, string> = {
    event_time: `2019-10-01 00:${String(i).padStart(2, "0")}:00 UTC`,
    event_type: "view",
    product_id: `${1000 + i}`,
    category_id: "",
    category_code: "",
    brand: "acme",
    price: "1.50",
    user_id: i % 2 === 0 ? `RAWU${i}X` : `77700011${1000 + i}`,
    user_session: `RAWS${i}X`,
    ...over,
  };
  return ACTIVITY.map((name) => row[name]);
}

/** The raw ids of activity rows `0..n-1`. */
function activityIds(n: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(activity(i)[7], activity(i)[8]);
  return ids;
}

const TRANSACTIONS = [...NATIVE_COLUMNS.transactions];

function transaction(i: number, type = "purchase"): string[] {
  return [
    `t${i}`,
    `o${i}`,
    `RAWT${i}X`,
    `${1000 + i}`,
    "1",
    "2.50",
    type,
    `2019-10-01T00:${String(i).padStart(2, "0")}:30Z`,
    "DE",
    "card",
  ];
}

Deno.test("export dialects are read: ; TAB | delimiters, UPPER and spaced names, BOM, CRLF", async () => {
  const upper = ACTIVITY.map((name) => name.toUpperCase());
  const spaced = TRANSACTIONS.map((name) => ` ${name.replace("_", " ").toUpperCase()} `);
  const rows = (n: number, make: (i: number) => string[], d: string) =>
    Array.from({ length: n }, (_, i) => make(i).join(d));
  const run = await replayHostile({
    "activity.csv": [
      upper.join(";"),
      ...rows(6, (i) => activity(i, i === 5 ? { event_type: "bogus" } : {}), ";"),
    ].join("\n") + "\n",
    "transactions.csv": [
      spaced.join("\t"),
      ...rows(4, (i) => transaction(i, i === 3 ? "gift" : "purchase"), "\t"),
    ].join("\n") + "\n",
    "reviews.csv": "\uFEFFReview_Id|User Id|RATING|Created At\r\n" +
      "r1|RAWR1X|5|2019-10-01T00:00:00Z\r\nr2|RAWR2X|9|2019-10-01T00:01:00Z\r\n",
  });
  assert.equal(run.code, 0, run.stderr);
  await assertCounts(run, "activity", { input: 6, valid: 5, quarantined: 1 });
  await assertCounts(run, "transactions", { input: 4, valid: 3, quarantined: 1 });
  await assertCounts(run, "reviews", { input: 2, valid: 1, quarantined: 1 });
  await assertNoRawIds(run, [
    ...activityIds(6),
    ...[0, 1, 2, 3].map((i) => `RAWT${i}X`),
    "RAWR1X",
    "RAWR2X",
  ]);
  // The quarantined rows keep their text, ids pseudonymized, in their own dialect.
  const parked = await tableRows(run.lake, "quarantine");
  const raw = parked.find((row) => row.source === "activity")?.raw as string;
  assert.match(raw, /^2019-10-01 00:05:00 UTC;bogus;1005;;;acme;1\.50;[0-9a-f]+;[0-9a-f]+$/);
});

Deno.test("renamed id columns: every row quarantined, their values withheld", async () => {
  const header = ACTIVITY.map((name) =>
    name === "user_id" ? "customer" : name === "user_session" ? "visit" : name
  );
  const run = await replayHostile({
    "activity.csv": [header, ...Array.from({ length: 4 }, (_, i) => activity(i))]
      .map((row) => row.join(",")).join("\n") + "\n",
  });
  assert.equal(run.code, 0, run.stderr);
  await assertCounts(run, "activity", { input: 4, valid: 0, quarantined: 4 });
  await assertNoRawIds(run, activityIds(4));
  const parked = await tableRows(run.lake, "quarantine");
  assert.deepEqual(
    parked.map((row) => [row.reason, row.raw]),
    [0, 1, 2, 3].map((i) => [
      "missing_field:user_id",
      activity(i).slice(0, 7).join(",") + ",[redacted],[redacted]",
    ]),
  );
});

Deno.test("misaligned rows: extra or missing fields keep no text, the file's other rows count", async () => {
  const good = (i: number) => activity(i).join(",");
  const extraBefore = (i: number) => [...activity(i).slice(0, 6), "x", ...activity(i).slice(6)];
  const missingAfter = (i: number) => activity(i).slice(0, 8);
  const extraAfter = (i: number) => [...activity(i), "e1", "e2"];
  const lines = [
    ACTIVITY.join(","),
    good(0),
    extraBefore(1).join(","),
    missingAfter(2).join(","),
    extraAfter(3).join(","),
    good(4),
  ];
  const run = await replayHostile({
    "activity.csv": lines.join("\n") + "\n",
    // Header-less, and its first row has a field too many.
    "transactions.csv": [[...transaction(0), "x"], transaction(1), transaction(2)]
      .map((row) => row.join(",")).join("\n") + "\n",
  });
  // The byte offset where line n (1-based) starts: the row can be fetched from the file.
  const byteOf = (n: number) =>
    new TextEncoder().encode(lines.slice(0, n - 1).join("\n")).length + 1;
  assert.equal(run.code, 0, run.stderr);
  await assertCounts(run, "activity", { input: 5, valid: 2, quarantined: 3 });
  await assertCounts(run, "transactions", { input: 3, valid: 2, quarantined: 1 });
  await assertNoRawIds(run, [...activityIds(5), "RAWT0X", "RAWT1X", "RAWT2X"]);
  const parked = await tableRows(run.lake, "quarantine");
  assert.deepEqual(
    parked.map((row) => [row.position, row.reason, row.raw]).sort(),
    [
      [`activity.csv:line 3, byte ${byteOf(3)}`, "malformed_csv", ""],
      [`activity.csv:line 4, byte ${byteOf(4)}`, "malformed_csv", ""],
      [`activity.csv:line 5, byte ${byteOf(5)}`, "malformed_csv", ""],
      ["transactions.csv:line 1, byte 0", "malformed_csv", ""],
    ],
  );
});

Deno.test("JSON variants: escapes, duplicate keys, objects, exponents, junk hide no id", async () => {
  const base = (i: number) => ({
    event_time: `2019-10-01 00:0${i}:00 UTC`,
    event_type: "view",
    product_id: `p${i}`,
    user_session: `RAWS${i}J`,
  });
  const json = (i: number, over: Record<string, unknown>) =>
    JSON.stringify({ ...base(i), ...over });
  const lines = [
    'log: {"event_time":"2019-10-01 00:00:00 UTC","user_id":"RAWU0J","user_session":"RAWS0J"}',
    json(1, { event_type: "bogus", user_id: "x" }).replace(
      '"user_id":"x"',
      '"user\\u005fid":"RAWU\\u00301J"',
    ),
    json(2, { event_type: "bogus" }).replace("{", '{"user_id":"RAWU2J","user_id":"RAWU2K",'),
    json(3, { user_id: { id: "RAWU3J" } }),
    "{'event_time':'2019-10-01 00:04:00 UTC','user_id':'RAWU4J','user_session':'RAWS4J'}",
    json(5, { event_type: "bogus", user_id: 0 }).replace(
      '"user_id":0',
      '"user_id":7.77000111205e11',
    ),
    json(6, { user_id: 777000111206 }),
    json(7, { event_type: "bogus", user_id: "RAWU7J", customer_ref: "RAWU7K" }),
    json(8, { user_id: "RAWU8J", meta: { user_id: "RAWU8K" } }),
    '{"event_time":"2019-10-01 00:09:00 UTC","user_id":"RAWU9J","user_session":"RAWS9',
  ];
  const run = await replayHostile({ "activity.ndjson": lines.join("\n") + "\n" });
  assert.equal(run.code, 0, run.stderr);
  await assertCounts(run, "activity", { input: 10, valid: 2, quarantined: 8 });
  await assertNoRawIds(run, [
    ...Array.from({ length: 10 }, (_, i) => [`RAWU${i}J`, `RAWS${i}J`]).flat(),
    "RAWU2K",
    "RAWU7K",
    "RAWU8K",
    "RAWU\\u00301J",
    "777000111205",
    "7.77000111205e11",
    "777000111206",
  ]);
});

Deno.test("JSON array elements and Kafka-like junk: parsed ones rebuilt, the rest withheld", async () => {
  const review = (i: number, over: Record<string, unknown>) =>
    JSON.stringify({
      review_id: `r${i}`,
      user_id: `RAWR${i}J`,
      rating: 5,
      created_at: `2019-10-01T00:0${i}:00Z`,
      ...over,
    });
  const run = await replayHostile({
    "reviews.json": "[" + [
      review(0, {}),
      review(1, { rating: 9 }),
      review(2, { user_id: { nested: "RAWR2J" }, rating: 0 }),
      '"RAWR3J"',
      review(4, { rating: 1 }).replace('"user_id"', '"user_id":"RAWR4K","user_id"'),
      '{"review_id":"r5","user_id":"RAWR5J","rating":',
    ].join(",\n"),
  });
  assert.equal(run.code, 0, run.stderr);
  await assertCounts(run, "reviews", { input: 6, valid: 2, quarantined: 4 });
  await assertNoRawIds(run, ["RAWR0J", "RAWR1J", "RAWR2J", "RAWR3J", "RAWR4J", "RAWR4K", "RAWR5J"]);
});

Deno.test("a stray quote costs its own row, or each line up to a quote it pairs with", async () => {
  const rows = Array.from({ length: 20 }, (_, i) => activity(i));
  rows[4][5] = '"acme'; // an opening quote that never closes in this field
  const alone = await replayHostile({
    "activity.csv": [ACTIVITY, ...rows].map((row) => row.join(",")).join("\n") + "\n",
  });
  assert.equal(alone.code, 0, alone.stderr);
  await assertCounts(alone, "activity", { input: 20, valid: 19, quarantined: 1 });
  await assertNoRawIds(alone, activityIds(20));
  // A quote further down (literal, inside a field) closes it: the lines between are no rows
  // one can trust (a damaged multi-line row looks the same), so each is quarantined on its own.
  rows[12][5] = 'acme "x" 2';
  const paired = await replayHostile({
    "activity.csv": [ACTIVITY, ...rows].map((row) => row.join(",")).join("\n") + "\n",
  });
  assert.equal(paired.code, 0, paired.stderr);
  await assertCounts(paired, "activity", { input: 20, valid: 11, quarantined: 9 });
  await assertNoRawIds(paired, activityIds(20));
});

Deno.test("a damaged row that spans lines is quarantined line by line: none becomes a row", async () => {
  // Quoted line breaks in rows of a field too many or too few, or with text after the closing
  // quote. The splitter took them for stray quotes and read their later lines as rows of their
  // own: one kept RAWU1X in quarantine as its "price", others made valid events whose brand was
  // RAWS3X or RAWS5X.
  const extra = '2019-10-01 00:01:00 UTC,"view\nx",view,1001,,,acme,RAWU1X,1.50,RAWS1X';
  const short =
    '2019-10-01 00:03:00 UTC,"view\n2019-10-01 00:03:30 UTC,view,1003",,,RAWS3X,1.50,X3,Y3';
  const after =
    '2019-10-01 00:05:00 UTC,"view\n2019-10-01 00:05:30 UTC,view,1005"x,,,RAWS5X,1.50,X5,Y5';
  const rows = [
    activity(0).join(","),
    extra,
    activity(2).join(","),
    short,
    activity(4).join(","),
    after,
  ];
  const run = await replayHostile({
    "activity.csv": [ACTIVITY.join(","), ...rows].join("\n") + "\n",
  });
  assert.equal(run.code, 0, run.stderr);
  await assertCounts(run, "activity", { input: 9, valid: 3, quarantined: 6 });
  await assertNoRawIds(run, activityIds(6));
});

Deno.test("JSON ids written as numbers beyond 2^53 stay whole: two users, each as in CSV", async () => {
  // JSON.parse rounded 12345678901234567890 and …891 to one double: two users became one, and
  // the pseudonym differed from the one the same id gets written in a CSV file.
  const line = (user: string, minute: number) =>
    `{"event_time":"2019-10-01 00:0${minute}:00 UTC","event_type":"view","product_id":"p",` +
    `"user_id":${user},"user_session":"s${minute}","price":1e400}`;
  const json = await replayHostile({
    "activity.ndjson": [line("12345678901234567890", 1), line("12345678901234567891", 2)]
      .join("\n") + "\n",
  });
  const csv = await replayHostile({
    "activity.csv": ACTIVITY.join(",") + "\n" +
      "2019-10-01 00:01:00 UTC,view,p,,,,1,12345678901234567890,s1\n",
  });
  assert.equal(json.code, 0, json.stderr);
  assert.equal(csv.code, 0, csv.stderr);
  // The price 1e400 is not Infinity read as a number: the events are quarantined for it.
  await assertCounts(json, "activity", { input: 2, valid: 0, quarantined: 2 });
  const quarantined = await tableRows(json.lake, "quarantine");
  const [csvUser] = (await tableRows(csv.lake, "activity")).map((r) => r.user_id);
  const users = quarantined.map((r) => JSON.parse(String(r.raw)).user_id);
  assert.equal(new Set(users).size, 2, JSON.stringify(users));
  assert.equal(users[0], csvUser);
  await assertNoRawIds(json, ["12345678901234567890", "12345678901234567891", "1234567890123456"]);
});

Deno.test("a file with no recognisable header fails in one line naming it, or is quarantined", async () => {
  // 5 MB without a line break, then random bytes (seeded, so the test is repeatable).
  const long = await replayHostile({ "activity.csv": "x".repeat(5_000_000) });
  let seed = 42;
  const random = new Uint8Array(64 * 1024).map(() =>
    (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24
  );
  const noise = await replayHostile({ "activity.csv": random });
  for (const run of [long, noise]) {
    if (run.code === 0) {
      // Read as data: every line counted and quarantined, never silently taken as a header.
      const match = run.stdout.match(/^activity: input (\d+) = valid (\d+) \+ quarantined (\d+)/m);
      assert.ok(match && Number(match[1]) > 0, run.stdout);
      assert.equal(Number(match[1]), Number(match[2]) + Number(match[3]));
      continue;
    }
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0], /^error: .*activity\.csv: no header row recognised/);
    assert.ok(lines[0].length < 400, "the line does not quote the input");
  }
  assert.equal(long.code, 1, "a 5 MB line of text is no header");
});

Deno.test("a headerless file: a rejected row keeps no text, its column names are only assumed", async () => {
  const shuffled = activity(1, { event_type: "bogus" });
  [shuffled[5], shuffled[7]] = [shuffled[7], shuffled[5]]; // the user id where the brand stands
  const run = await replayHostile({
    "activity.csv": [activity(0), shuffled, activity(2)].map((row) => row.join(",")).join("\n"),
  });
  assert.equal(run.code, 0, run.stderr);
  await assertCounts(run, "activity", { input: 3, valid: 2, quarantined: 1 });
  await assertNoRawIds(run, activityIds(3));
  const [row] = await tableRows(run.lake, "quarantine");
  assert.deepEqual([row.position, row.reason, row.raw], [
    "activity.csv:line 2",
    "unknown_type",
    "",
  ]);
});

Deno.test("a spreadsheet's Unicode text export (UTF-16LE, TAB) is read like any other", async () => {
  const text = "\uFEFF" + [ACTIVITY, activity(0), activity(1, { event_type: "bogus" })]
    .map((row) => row.join("\t")).join("\r\n") +
    "\r\n";
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    bytes[2 * i] = text.charCodeAt(i) & 0xff;
    bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  const run = await replayHostile({ "activity.csv": bytes });
  assert.equal(run.code, 0, run.stderr);
  await assertCounts(run, "activity", { input: 2, valid: 1, quarantined: 1 });
  await assertNoRawIds(run, activityIds(2));
});

Deno.test("JSON keys match in any case and spacing, as CSV headers do; ids pseudonymized", async () => {
  const event = (i: number, keys: Record<string, string>, type = "view") =>
    JSON.stringify({
      [keys.time ?? "event_time"]: `2019-10-01 00:0${i}:00 UTC`,
      [keys.type ?? "event_type"]: type,
      "Product Id": `p${i}`,
      [keys.user ?? "user_id"]: `RAWU${i}Q`,
      [keys.session ?? "user_session"]: `RAWS${i}Q`,
    });
  const lines = [
    event(0, { user: "USER_ID", session: "USER_SESSION" }),
    event(1, { user: "User Id", session: "userSession", time: "Event-Time" }),
    event(2, { user: "user id", type: "EventType" }, "bogus"), // quarantined, rebuilt
    event(3, { user: "UserID" }, "bogus"),
    // The exact spelling wins; the other spelling of the id is an unknown key, withheld.
    JSON.stringify({
      USER_ID: "RAWU4K",
      event_time: "2019-10-01 00:04:00 UTC",
      event_type: "bogus",
      product_id: "p4",
      user_id: "RAWU4Q",
      user_session: "RAWS4Q",
    }),
  ];
  const review = (i: number, rating: number) =>
    JSON.stringify({ Review_ID: `r${i}`, "USER ID": `RAWR${i}Q`, Rating: rating, CreatedAt: "" })
      .replace('"CreatedAt":""', `"Created_At":"2019-10-01T00:0${i}:00Z"`);
  const run = await replayHostile({
    "activity.ndjson": lines.join("\n") + "\n",
    "reviews.json": `[${review(0, 5)},${review(1, 9)}]`,
  });
  assert.equal(run.code, 0, run.stderr);
  await assertCounts(run, "activity", { input: 5, valid: 2, quarantined: 3 });
  await assertCounts(run, "reviews", { input: 2, valid: 1, quarantined: 1 });
  await assertNoRawIds(run, [
    ...[0, 1, 2, 3, 4].flatMap((i) => [`RAWU${i}Q`, `RAWS${i}Q`]),
    "RAWU4K",
    "RAWR0Q",
    "RAWR1Q",
  ]);
  const parked = await tableRows(run.lake, "quarantine");
  const rebuilt = parked.filter((row) => row.source === "activity").map((row) =>
    JSON.parse(row.raw as string)
  );
  assert.equal(rebuilt.length, 3);
  for (const raw of rebuilt) {
    assert.match(raw.user_id, /^[0-9a-f]{16,}$/);
    assert.match(raw.user_session, /^[0-9a-f]{16,}$/);
    assert.equal(raw.event_type, "bogus");
  }
  assert.equal(rebuilt.filter((raw) => raw._redacted === 1).length, 1); // the USER_ID beside user_id
  const reviews = parked.filter((row) => row.source === "reviews");
  assert.match(reviews[0].raw as string, /"user_id":"[0-9a-f]{16,}"/);
});
