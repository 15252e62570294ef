import assert from "node:assert/strict";
import { formatResult, type SqlResult } from "../../../pipeline/sql/mod.ts";

const result: SqlResult = {
  columns: ["month", "net", "note"],
  numeric: [false, true, false],
  rows: [["2024-10", "15090.90", 'say "hi", then'], ["2024-11", "-3.50", null]],
};

Deno.test("formatResult() aligns a table, numbers to the right, NULL shown", () => {
  assert.equal(
    formatResult(result, "table"),
    [
      "month         net  note",
      "-------  --------  --------------",
      '2024-10  15090.90  say "hi", then',
      "2024-11     -3.50  NULL",
      "(2 rows)",
    ].join("\n"),
  );
});

Deno.test("formatResult() writes RFC 4180 CSV with NULL as an empty field", () => {
  assert.equal(
    formatResult(result, "csv"),
    'month,net,note\n2024-10,15090.90,"say ""hi"", then"\n2024-11,-3.50,',
  );
});

Deno.test("formatResult() defuses spreadsheet formulas in CSV text cells, not in numbers", () => {
  const hostile: SqlResult = {
    columns: ["=cmd", "n", "text"],
    numeric: [false, true, false],
    rows: [
      ['=HYPERLINK("http://x","y")', "-5", "+1"],
      ["@SUM(A1)", "-0.5", "-2"],
      ["\tx", "3", "\r=1"],
      ["plain", "+4", "a=b"],
    ],
  };
  assert.equal(
    formatResult(hostile, "csv"),
    [
      "'=cmd,n,text",
      `"'=HYPERLINK(""http://x"",""y"")",-5,'+1`,
      "'@SUM(A1),-0.5,'-2",
      "'\tx,3,\"'\r=1\"",
      "plain,+4,a=b",
    ].join("\n"),
  );
  // The other formats show the values as they are.
  assert.match(formatResult(hostile, "json"), /"=cmd":"=HYPERLINK/);
  assert.match(formatResult(hostile, "table"), /^=cmd/);
});

Deno.test("formatResult() writes JSON with exact decimal numbers", () => {
  const text = formatResult(result, "json");
  assert.match(text, /"net":15090\.90,/);
  assert.deepEqual(JSON.parse(text), [
    { month: "2024-10", net: 15090.9, note: 'say "hi", then' },
    { month: "2024-11", net: -3.5, note: null },
  ]);
  assert.equal(formatResult({ columns: ["x"], numeric: [true], rows: [] }, "json"), "[]");
});

Deno.test("formatResult() escapes terminal controls and bidi marks in a table, one line per row", () => {
  // An ESC sequence cleared the screen, a carriage return overwrote the row with other figures,
  // U+202E showed exe.gnp as png.exe.
  const hostile: SqlResult = {
    columns: ["product_id", "units\x1b[2J"], // PIVOT names columns after the data
    numeric: [false, true],
    rows: [["p\x1b[2J\x1b]0;t\x07", "1"], ["abc\rFAKE 999", "2"], ["exe.\u202egnp\nx", "3"]],
  };
  const text = formatResult(hostile, "table");
  // deno-lint-ignore no-control-regex -- control characters are what it looks for
  assert.doesNotMatch(text, /[\x00-\x09\x0b-\x1f\u202e]/);
  const cells = ["p\\u001b[2J\\u001b]0;t\\u0007", "abc\\rFAKE 999", "exe.\\u202egnp\\nx"];
  assert.deepEqual(
    text.split("\n").slice(2, 5),
    cells.map((cell, i) => `${cell.padEnd(cells[0].length)}  ${String(i + 1).padStart(14)}`),
  );
});
