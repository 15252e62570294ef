import assert from "node:assert/strict";
import { formatTable } from "../../cli/format_table.ts";

Deno.test("formatTable() right-aligns numbers, shows money with two decimals and nulls as blanks", () => {
  const text = formatTable(
    [
      { month: "2011-11", units: 5, revenue: 1277.5 },
      { month: "2011-12", units: 12, revenue: null },
    ],
    ["month", "units", "revenue"],
  );
  assert.equal(
    text,
    [
      "month    units   revenue",
      "-------  -----  --------",
      "2011-11      5  1,277.50",
      "2011-12     12",
    ].join("\n"),
  );
});

Deno.test("formatTable() escapes terminal controls in values (report and replay summaries)", () => {
  const text = formatTable([{ product_id: "a\x1b]8;;http://evil.example\x1b\\b\r", units: 1 }], [
    "product_id",
    "units",
  ]);
  // deno-lint-ignore no-control-regex -- control characters are what it looks for
  assert.doesNotMatch(text, /[\x00-\x09\x0b-\x1f]/);
  assert.match(text, /a\\u001b\]8;;http:\/\/evil\.example\\u001b\\b\\r +1/);
});
