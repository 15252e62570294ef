/**
 * Decoder for the native transactions layout.
 *
 * @module
 */

import type { Decoder } from "./decoder.ts";
import {
  isMissing,
  microsOf,
  optionalTextOf,
  quarantineTimeOf,
  textOf,
  timeOf,
} from "./decode_field.ts";
import type { RawRecord, Transaction, TransactionType } from "./types.ts";
import { lineTotalProblem, priceProblem } from "./parse_price.ts";

/**
 * Decodes a native transaction line (`transaction_id, order_id, user_id, product_id, quantity,
 * unit_price, type, timestamp[, country, payment_method]`, numbers as JSON numbers or numeric
 * text) into a {@linkcode Transaction}, or returns ONE reason code, the first that applies in
 * this order:
 * 1. `missing_field:<name>` for transaction_id, order_id, user_id, product_id, quantity,
 *    unit_price, type, timestamp (in that order) when absent, `null` or empty;
 * 2. `invalid_number:quantity`, then `invalid_quantity` (not an integer > 0);
 * 3. `invalid_number:unit_price`, then `invalid_price` (≤ 0), then `invalid_line_total`
 *    (quantity × unit price above `MAX_LINE_TOTAL`, 10⁹);
 * 4. `unknown_type` (not purchase, refund or return);
 * 5. `invalid_timestamp`;
 * 6. `invalid_value:<name>` for an object or array where text belongs.
 * Duplicate ids are not a decoder matter: `validate` tracks them across the stream.
 * `unitPriceMicros` is exact (parsed from the decimal text); `unitPrice` is its nearest float.
 *
 * @param rec The raw record from a source.
 * @returns The transaction, or a quarantine reason code.
 *
 * @example
 * ```ts
 * decodeTransaction({ source: "transactions", position: "t.ndjson:line 1", raw: "...", fields: {
 *   transaction_id: "t1", order_id: "o1", user_id: "u1", product_id: "p1", quantity: "0",
 *   unit_price: "9.99", type: "purchase", timestamp: "2019-10-01T00:00:00Z" } });
 * // "invalid_quantity"
 * ```
 */
export const decodeTransaction: Decoder<"transactions"> = (
  rec: RawRecord,
): Transaction | string => {
  const f = rec.fields;
  const transactionIdField = f.transaction_id;
  const orderIdField = f.order_id;
  const userIdField = f.user_id;
  const productIdField = f.product_id;
  const quantityField = f.quantity;
  const unitPriceField = f.unit_price;
  const typeField = f.type;
  const timestampField = f.timestamp;
  if (isMissing(transactionIdField)) return "missing_field:transaction_id";
  if (isMissing(orderIdField)) return "missing_field:order_id";
  if (isMissing(userIdField)) return "missing_field:user_id";
  if (isMissing(productIdField)) return "missing_field:product_id";
  if (isMissing(quantityField)) return "missing_field:quantity";
  if (isMissing(unitPriceField)) return "missing_field:unit_price";
  if (isMissing(typeField)) return "missing_field:type";
  if (isMissing(timestampField)) return "missing_field:timestamp";
  const quantityMicros = microsOf(quantityField);
  if (quantityMicros !== quantityMicros) return "invalid_number:quantity";
  if (quantityMicros <= 0 || quantityMicros % 1e6 !== 0) return "invalid_quantity";
  const unitPriceMicros = microsOf(unitPriceField);
  const priceReason = priceProblem(unitPriceMicros, "unit_price", true);
  if (priceReason !== null) return priceReason;
  const totalReason = lineTotalProblem(quantityMicros, unitPriceMicros);
  if (totalReason !== null) return totalReason;
  const type = transactionTypeOf(typeField);
  if (type === null) return "unknown_type";
  const eventTime = timeOf(timestampField);
  if (eventTime !== eventTime) return "invalid_timestamp";
  const transactionId = textOf(transactionIdField);
  if (transactionId === undefined) return "invalid_value:transaction_id";
  const orderId = textOf(orderIdField);
  if (orderId === undefined) return "invalid_value:order_id";
  const userId = textOf(userIdField);
  if (userId === undefined) return "invalid_value:user_id";
  const productId = textOf(productIdField);
  if (productId === undefined) return "invalid_value:product_id";
  const country = optionalTextOf(f.country);
  if (country === undefined) return "invalid_value:country";
  const paymentMethod = optionalTextOf(f.payment_method);
  if (paymentMethod === undefined) return "invalid_value:payment_method";
  return {
    transactionId,
    orderId,
    userId,
    productId,
    quantity: quantityMicros / 1e6,
    unitPrice: unitPriceMicros / 1e6,
    unitPriceMicros,
    type,
    eventTime,
    country,
    paymentMethod,
  };
};

decodeTransaction.eventTimeOf = (rec: RawRecord): number | null =>
  quarantineTimeOf(rec.fields.timestamp);

function transactionTypeOf(value: unknown): TransactionType | null {
  switch (value) {
    case "purchase":
    case "refund":
    case "return":
      return value;
    default:
      return null;
  }
}
