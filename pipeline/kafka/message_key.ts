/**
 * The Kafka message key of an input record: what decides its partition.
 *
 * @module
 */

import type { Decoders } from "../../operators/decoder.ts";
import type { RawRecord, TableName } from "../../operators/types.ts";

/**
 * Keys a raw record by the id its table is partitioned on, read with the run's decoder so every
 * source format (CSV columns, mapping files, presets) yields the same canonical id:
 *
 * - `activity` and `transactions`: the user id, so one user's clicks and purchases land in the
 *   same partition number of two topics with equal partition counts (the default murmur2
 *   partitioner of kafkajs and the Java client), and the purchase join runs per partition;
 * - `inventory`: the product id, so a product's stock ledger stays in order in one partition;
 * - `reviews`: the product id (a product's ratings are complete in one partition), or the review
 *   id for a review that names no product.
 *
 * A record the decoder rejects has no trustworthy id: it is keyed by its position
 * (`file:line N`), which holds no id and spreads such records deterministically. The consumer
 * quarantines it exactly as replay does.
 *
 * @param decoders The run's decoders (the format's over the native ones).
 * @param table The record's table.
 * @param record The raw record.
 * @returns The key (a raw id: it goes to Kafka, an input like the files, never to a log).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NATIVE_DECODERS } from "../../operators/validate.ts";
 * const record = { source: "inventory", position: "inventory.csv:line 2", raw: "",
 *   fields: { product_id: "p1", name: "Tent", category: "outdoor", stock_level: "3",
 *     change: "snapshot", updated_at: "2024-10-01 00:00:00" }, layout: undefined };
 * assert.equal(messageKey(NATIVE_DECODERS, "inventory", record), "p1");
 * ```
 */
export function messageKey(decoders: Decoders, table: TableName, record: RawRecord): string {
  switch (table) {
    case "activity": {
      const decoded = decoders.activity(record);
      return typeof decoded === "string" ? record.position : decoded.userId;
    }
    case "transactions": {
      const decoded = decoders.transactions(record);
      return typeof decoded === "string" ? record.position : decoded.userId;
    }
    case "inventory": {
      const decoded = decoders.inventory(record);
      return typeof decoded === "string" ? record.position : decoded.productId;
    }
    case "reviews": {
      const decoded = decoders.reviews(record);
      return typeof decoded === "string" ? record.position : decoded.productId ?? decoded.reviewId;
    }
  }
}
