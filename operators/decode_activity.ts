/**
 * Decoder for the native clickstream layout (REES46 columns).
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
import type { ActivityEvent, EventType, RawRecord } from "./types.ts";
import { priceProblem } from "./parse_price.ts";

/**
 * Decodes a native activity row (`event_time, event_type, product_id, category_id,
 * category_code, brand, price, user_id, user_session[, event_id]`) into an
 * {@linkcode ActivityEvent}, or returns the first problem as a reason code, checked in this
 * order: `missing_field:<name>` for event_time, event_type, product_id, user_id, user_session;
 * `unknown_type` for an event type other than view, cart, remove_from_cart, purchase;
 * `invalid_timestamp`; `invalid_number:price` for a non-empty price that is not a number and
 * `invalid_price` for a negative one (the one price rule, `priceProblem`);
 * `invalid_value:<name>` for an object or array where text belongs. Empty optional fields
 * become `null`; a missing `event_id` becomes the record's position, which is unique and stable.
 *
 * @param rec The raw record from a source.
 * @returns The event, or a quarantine reason code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const event = decodeActivity({ source: "activity", position: "a.csv:line 2", raw: "...", fields: {
 *   event_time: "2019-10-01 00:00:00 UTC", event_type: "view", product_id: "44600062",
 *   category_id: "", category_code: "", brand: "shiseido", price: "35.79",
 *   user_id: "541312140", user_session: "72d76fde" } });
 * assert.ok(typeof event !== "string");
 * assert.equal(event.eventId, "a.csv:line 2");
 * assert.equal(event.categoryId, null);
 * ```
 */
export const decodeActivity: Decoder<"activity"> = (rec: RawRecord): ActivityEvent | string => {
  const f = rec.fields;
  const eventTimeField = f.event_time;
  const eventTypeField = f.event_type;
  const productIdField = f.product_id;
  const userIdField = f.user_id;
  const userSessionField = f.user_session;
  if (isMissing(eventTimeField)) return "missing_field:event_time";
  if (isMissing(eventTypeField)) return "missing_field:event_type";
  if (isMissing(productIdField)) return "missing_field:product_id";
  if (isMissing(userIdField)) return "missing_field:user_id";
  if (isMissing(userSessionField)) return "missing_field:user_session";
  const eventType = eventTypeOf(eventTypeField);
  if (eventType === null) return "unknown_type";
  const eventTime = timeOf(eventTimeField);
  if (eventTime !== eventTime) return "invalid_timestamp";
  const priceField = f.price;
  let price: number | null = null;
  if (!isMissing(priceField)) {
    const micros = microsOf(priceField);
    const problem = priceProblem(micros, "price");
    if (problem !== null) return problem;
    price = micros / 1e6;
  }
  const productId = textOf(productIdField);
  if (productId === undefined) return "invalid_value:product_id";
  const userId = textOf(userIdField);
  if (userId === undefined) return "invalid_value:user_id";
  const userSession = textOf(userSessionField);
  if (userSession === undefined) return "invalid_value:user_session";
  const categoryId = optionalTextOf(f.category_id);
  if (categoryId === undefined) return "invalid_value:category_id";
  const categoryCode = optionalTextOf(f.category_code);
  if (categoryCode === undefined) return "invalid_value:category_code";
  const brand = optionalTextOf(f.brand);
  if (brand === undefined) return "invalid_value:brand";
  const eventIdField = optionalTextOf(f.event_id);
  if (eventIdField === undefined) return "invalid_value:event_id";
  return {
    eventId: eventIdField ?? rec.position,
    eventTime,
    eventType,
    productId,
    categoryId,
    categoryCode,
    brand,
    price,
    userId,
    userSession,
  };
};

decodeActivity.eventTimeOf = (rec: RawRecord): number | null =>
  quarantineTimeOf(rec.fields.event_time);

/**
 * The event type as one of the four literals (not the field's own string, sliced from the input):
 * comparisons and map lookups downstream then meet the same interned string every time.
 */
function eventTypeOf(value: unknown): EventType | null {
  switch (value) {
    case "view":
      return "view";
    case "cart":
      return "cart";
    case "remove_from_cart":
      return "remove_from_cart";
    case "purchase":
      return "purchase";
    default:
      return null;
  }
}
