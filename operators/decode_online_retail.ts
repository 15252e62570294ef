/**
 * Decoder for the UCI "Online Retail" transactions export.
 *
 * @module
 */

import type { Decoder } from "./decoder.ts";
import { isMissing, microsOf, optionalTextOf, textOf } from "./decode_field.ts";
import { parseTime } from "./parse_time.ts";
import { timePattern } from "./parse_time_pattern.ts";
import type { RawRecord, Transaction } from "./types.ts";
import { lineTotalProblem, priceProblem } from "./parse_price.ts";

/** The Online Retail columns, in file order. */
export const ONLINE_RETAIL_COLUMNS: readonly string[] = [
  "InvoiceNo",
  "StockCode",
  "Description",
  "Quantity",
  "InvoiceDate",
  "UnitPrice",
  "CustomerID",
  "Country",
];

// The layout of the original UCI spreadsheet export ("12/1/2010 8:26"), read when the
// ISO-like layout of the by-day split ("2010-12-01 08:26:00") does not fit.
const US_DATE = timePattern("M/D/YYYY H:MM");

/**
 * Creates a decoder of Online Retail lines (`InvoiceNo, StockCode, Description, Quantity,
 * InvoiceDate, UnitPrice, CustomerID, Country`) into {@linkcode Transaction}s. Each line gets
 * ONE reason code, the first rule that applies, in this order:
 * 1. empty `CustomerID` → `missing_user_id`;
 * 2. `UnitPrice` not a number → `invalid_number:unit_price`; ≤ 0 → `invalid_price`;
 * 3. `Quantity` empty → `missing_field:quantity`, not a whole number → `invalid_quantity`;
 *    an invoice starting with `C` (a cancellation) is a `return` of |Quantity| units, and a zero
 *    quantity is `invalid_quantity`; any other invoice with Quantity ≤ 0 → `invalid_quantity`;
 *    |Quantity| × `UnitPrice` above 10⁹ → `invalid_line_total`;
 * 4. empty `InvoiceNo` → `missing_field:order_id`, empty `StockCode` → `missing_field:product_id`,
 *    empty `InvoiceDate` → `missing_field:timestamp`, unreadable → `invalid_timestamp`.
 *
 * Mapping: `order_id` = InvoiceNo, `product_id` = StockCode, `user_id` = CustomerID without a
 * zero fraction (`17850.0` → `17850`), `country` = Country, `unit_price` exact from the decimal
 * text (`0.001` stays 1000 micros), `timestamp` = InvoiceDate read as UTC
 * (`2010-12-01 08:26:00`, or the original export's `12/1/2010 8:26`). `transaction_id` is
 * `<InvoiceNo>:<n>`, n being the line's 1-based position within its invoice in input order,
 * counting every line of the invoice, quarantined ones included, so ids do not depend on which
 * lines are valid. Description has no canonical field; it stays in the quarantine text.
 *
 * The decoder is stateful (it counts lines per invoice): create a fresh one for every run and
 * feed it each line once, in file order.
 *
 * @returns A decoder for the `transactions` table.
 *
 * @example
 * ```ts
 * const decode = createOnlineRetailDecoder();
 * decode({ source: "transactions", position: "d.csv:line 2", raw: "...", fields: {
 *   InvoiceNo: "C536379", StockCode: "D", Description: "Discount", Quantity: "-1",
 *   InvoiceDate: "2010-12-01 09:41:00", UnitPrice: "27.50", CustomerID: "14527.0",
 *   Country: "United Kingdom" } });
 * // { transactionId: "C536379:1", type: "return", quantity: 1, userId: "14527", ... }
 * ```
 */
export function createOnlineRetailDecoder(): Decoder<"transactions"> {
  const linesByInvoice = new Map<string, number>();
  const decode: Decoder<"transactions"> = (rec: RawRecord): Transaction | string => {
    const f = rec.fields;
    const invoice = textOf(f.InvoiceNo) ?? "";
    let line = 0;
    if (invoice !== "") {
      line = (linesByInvoice.get(invoice) ?? 0) + 1;
      linesByInvoice.set(invoice, line);
    }
    const customerField = f.CustomerID;
    if (isMissing(customerField)) return "missing_user_id";
    const customer = textOf(customerField);
    if (customer === undefined || customer.trim() === "") return "missing_user_id";
    const priceField = f.UnitPrice;
    if (isMissing(priceField)) return "missing_field:unit_price";
    const unitPriceMicros = microsOf(priceField);
    const priceReason = priceProblem(unitPriceMicros, "unit_price", true);
    if (priceReason !== null) return priceReason;
    const quantityField = f.Quantity;
    if (isMissing(quantityField)) return "missing_field:quantity";
    const quantityMicros = microsOf(quantityField);
    if (quantityMicros !== quantityMicros || quantityMicros % 1e6 !== 0) return "invalid_quantity";
    const isReturn = invoice.charCodeAt(0) === 67; // "C": a cancelled invoice
    if (isReturn ? quantityMicros === 0 : quantityMicros <= 0) return "invalid_quantity";
    const totalReason = lineTotalProblem(quantityMicros, unitPriceMicros);
    if (totalReason !== null) return totalReason;
    if (invoice === "") return "missing_field:order_id";
    const productId = optionalTextOf(f.StockCode);
    if (productId === undefined || productId === null) return "missing_field:product_id";
    const dateField = f.InvoiceDate;
    if (isMissing(dateField)) return "missing_field:timestamp";
    const eventTime = invoiceTime(dateField);
    if (eventTime !== eventTime) return "invalid_timestamp";
    const country = optionalTextOf(f.Country);
    return {
      transactionId: invoice + ":" + line,
      orderId: invoice,
      userId: customerId(customer.trim()),
      productId,
      quantity: Math.abs(quantityMicros) / 1e6,
      unitPrice: unitPriceMicros / 1e6,
      unitPriceMicros,
      type: isReturn ? "return" : "purchase",
      eventTime,
      country: country ?? null,
      paymentMethod: null,
    };
  };
  decode.eventTimeOf = (rec: RawRecord): number | null => {
    const t = invoiceTime(rec.fields.InvoiceDate);
    return t === t ? t : null;
  };
  decode.idFields = ["CustomerID"];
  decode.fields = ONLINE_RETAIL_COLUMNS;
  return decode;
}

/** InvoiceDate as UTC: the by-day split's `YYYY-MM-DD HH:MM:SS`, else `M/D/YYYY H:MM`. */
function invoiceTime(value: unknown): number {
  if (typeof value !== "string") return NaN;
  const t = parseTime(value);
  return t === t ? t : US_DATE(value);
}

/** `17850.0` → `17850`: a CustomerID read back from a float column loses its zero fraction. */
function customerId(text: string): string {
  const dot = text.indexOf(".");
  if (dot <= 0) return text;
  for (let i = dot + 1; i < text.length; i++) if (text.charCodeAt(i) !== 48) return text;
  return text.slice(0, dot);
}
