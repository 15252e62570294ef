/**
 * Payment methods of generated orders, in no particular order.
 *
 * @module
 */

/** Payment methods a generated order can use. */
export const PAYMENT_METHODS = [
  "card",
  "card",
  "card",
  "paypal",
  "apple_pay",
  "bank_transfer",
  "klarna",
] as const;
