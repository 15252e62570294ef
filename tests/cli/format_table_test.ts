import assert from "node:assert/strict";
import { formatTable, moneyNote } from "../../cli/format_table.ts";

Deno.test("formatTable() right-aligns numbers, shows money with two decimals and nulls as blanks", () => {
  const text = formatTable(
    [
      { month: "2011-11", units: 5, revenue: 1277.5 },
      { month: "2011-12", units: null, revenue: 0 },
    ],
    ["month", "units", "revenue"],
  );
  assert.equal(
    text,
    [
      "month    units   revenue",
      "-------  -----  --------",
      "2011-11      5  1,277.50",
      "2011-12             0.00",
    ].join("\n"),
  );
});

Deno.test("formatTable() shows a null amount as — and moneyNote() says why", () => {
  const rows = [{ month: "2011-12", net: null, orders: 3 }, {
    month: "2012-01",
    net: 1,
    orders: 1,
  }];
  assert.equal(
    formatTable(rows, ["month", "net", "orders"]),
    [
      "month     net  orders",
      "-------  ----  ------",
      "2011-12     —       3",
      "2012-01  1.00       1",
    ].join("\n"),
  );
  assert.match(moneyNote(rows, ["net"])!, /^— : beyond ±35,184,372,088,832, more than a report/);
  assert.equal(moneyNote(rows, ["orders"]), null);
  assert.equal(moneyNote([{ net: 0 }], ["net"]), null);
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
