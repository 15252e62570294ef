import assert from "node:assert/strict";
import { readReportJson } from "../../../pipeline/lake/report_writer.ts";
import { readTable } from "../../../pipeline/lake/read_table.ts";
import { fileTempDir } from "../../temp_dir.ts";

const MAIN = new URL("../../../main.ts", import.meta.url).pathname;
const dir = fileTempDir({ prefix: "mapping_cli_" });

// A shop export in its own layout: German column names, day-first local times (UTC+1), its own
// event names.
const CSV = [
  "Zeit,Aktion,Artikel,Kunde,Sitzung,Preis,Notiz",
  "01.10.2019 01:00,ansicht,A-1,k1,s1,19.99,",
  "01.10.2019 01:00,warenkorb,A-1,k1,s1,19.99,",
  "01.10.2019 01:01,kauf,A-1,k1,s1,19.99,danke",
  "01.10.2019 01:01,ansicht,B-2,k2,s2,5.00,",
  "01.10.2019 01:02,merkzettel,B-2,k2,s2,5.00,",
  "31.09.2019 01:02,ansicht,B-2,k2,s2,5.00,",
  "",
].join("\n");

const MAPPING = {
  table: "activity",
  fields: {
    Zeit: "event_time",
    Aktion: "event_type",
    Artikel: "product_id",
    Kunde: "user_id",
    Sitzung: "user_session",
    Preis: "price",
  },
  timestamp: { format: "DD.MM.YYYY HH:MM", zone: "+01:00" },
  values: { event_type: { ansicht: "view", warenkorb: "cart", kauf: "purchase" } },
  constants: { brand: "eigenmarke" },
};

await Deno.writeTextFile(`${dir}/export.csv`, CSV);
await Deno.writeTextFile(`${dir}/headerless.csv`, CSV.slice(CSV.indexOf("\n") + 1));

async function write(name: string, json: unknown): Promise<string> {
  const path = `${dir}/${name}.json`;
  await Deno.writeTextFile(path, typeof json === "string" ? json : JSON.stringify(json));
  return path;
}

async function replayCli(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "replay", ...args],
    env: { SHOPEASE_ANON_KEY: "mapping-cli-test-key-0123456789" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("replay --mapping reads a custom CSV: renamed columns, local day-first times, mapped event names", async () => {
  const mapping = await write("good", MAPPING);
  const run = await replayCli([
    "--mapping",
    mapping,
    "--input",
    `${dir}/export.csv`,
    "--lake",
    `${dir}/lake`,
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /activity: input 6 = valid 4 \+ quarantined 2 \(invalid_timestamp 1, unknown_type 1\)/,
  );
  const events = await readTable(`${dir}/lake`, "activity");
  assert.deepEqual(
    events.map((e) => [(e.event_time as Date).toISOString(), e.event_type, e.product_id, e.brand]),
    [
      ["2019-10-01T00:00:00.000Z", "view", "A-1", "eigenmarke"],
      ["2019-10-01T00:00:00.000Z", "cart", "A-1", "eigenmarke"],
      ["2019-10-01T00:01:00.000Z", "purchase", "A-1", "eigenmarke"],
      ["2019-10-01T00:01:00.000Z", "view", "B-2", "eigenmarke"],
    ],
  );
  assert.ok(events.every((e) => e.user_id !== "k1" && e.user_id !== "k2"));
  const conversion = await readReportJson(`${dir}/lake`, "conversion");
  assert.deepEqual(conversion.map((r) => [r.minute, r.sessions, r.converted_sessions]), [
    ["2019-10-01T00:00:00.000Z", 1, 0],
    ["2019-10-01T00:01:00.000Z", 2, 1],
  ]);
});

Deno.test("replay --mapping reads a headerless file with the mapping's column names", async () => {
  const mapping = await write("headerless", {
    ...MAPPING,
    header: false,
    columns: ["Zeit", "Aktion", "Artikel", "Kunde", "Sitzung", "Preis", "Notiz"],
  });
  const run = await replayCli([
    "--mapping",
    mapping,
    "--input",
    `${dir}/headerless.csv`,
    "--lake",
    `${dir}/lake-headerless`,
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /activity: input 6 = valid 4 \+ quarantined 2/);
});

Deno.test("replay --mapping stops before reading, with exit status 2 and a message naming the problem", async () => {
  const { Sitzung: _, ...withoutSession } = MAPPING.fields;
  const cases: [string, unknown, RegExp][] = [
    [
      "unknown-field",
      { ...MAPPING, fields: { ...MAPPING.fields, Notiz: "comment" } },
      /unknown canonical field "comment" \(mapped from column "Notiz"\)/,
    ],
    ["unknown-table", { ...MAPPING, table: "activty" }, /unknown table "activty"/],
    [
      "unmapped",
      { ...MAPPING, fields: withoutSession },
      /required field "user_session" of table activity is not mapped/,
    ],
    [
      "missing-column",
      { ...MAPPING, fields: { ...MAPPING.fields, Kategorie: "category_code" } },
      /export\.csv: its header has no column "Kategorie" needed by mapping .*missing-column\.json; the header names Zeit, Aktion/,
    ],
    ["bad-zone", { ...MAPPING, timestamp: { zone: "CET" } }, /unknown zone "CET"/],
    ["not-json", "{ table: activity", /mapping .*not-json\.json is not valid JSON/],
  ];
  const runs = await Promise.all(cases.map(async ([name, json]) => {
    const mapping = await write(name, json);
    return await replayCli([
      "--mapping",
      mapping,
      "--input",
      `${dir}/export.csv`,
      "--lake",
      `${dir}/lake-${name}`,
    ]);
  }));
  for (let i = 0; i < cases.length; i++) {
    const [name, , message] = cases[i];
    assert.equal(runs[i].code, 2, `${name}: ${runs[i].stderr}`);
    assert.match(runs[i].stderr, message, name);
    await assert.rejects(Deno.stat(`${dir}/lake-${name}`), Deno.errors.NotFound, name);
  }
});

Deno.test("replay refuses --format together with --mapping, and a missing mapping file, with exit status 2", async () => {
  const mapping = await write("both", MAPPING);
  const both = await replayCli([
    "--format",
    "rees46",
    "--mapping",
    mapping,
    "--input",
    `${dir}/export.csv`,
  ]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /use --format or --mapping, not both/);
  const missing = await replayCli([
    "--mapping",
    `${dir}/nope.json`,
    "--input",
    `${dir}/export.csv`,
  ]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read mapping .*nope\.json/);
});

Deno.test("the shipped example (README, data/examples) replays as documented", async () => {
  const examples = new URL("../../../data/examples/", import.meta.url).pathname;
  const run = await replayCli([
    "--mapping",
    `${examples}shop.mapping.json`,
    "--input",
    `${examples}clicks.csv`,
    "--lake",
    `${dir}/example-lake`,
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /activity: input 7 = valid 7 \+ quarantined 0/);
  const readme = await Deno.readTextFile(new URL("../../../README.md", import.meta.url));
  assert.match(
    readme,
    /--mapping data\/examples\/shop\.mapping\.json --input data\/examples\/clicks\.csv/,
  );
});
