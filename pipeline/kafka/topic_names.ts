/**
 * The Kafka topics of the four input tables.
 *
 * @module
 */

import type { TableName } from "../../operators/types.ts";

/** Default prefix of the topic names: `shopease.activity`, `shopease.transactions`, … */
export const TOPIC_PREFIX = "shopease.";

/** The input tables in the order topics are created and produced. */
export const TOPIC_TABLES: readonly TableName[] = [
  "activity",
  "transactions",
  "inventory",
  "reviews",
];

/**
 * The topic of each input table: `<prefix><table>`.
 *
 * @param prefix Text before the table name (default {@linkcode TOPIC_PREFIX}).
 * @returns The topic name of every table.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(topicNames().transactions, "shopease.transactions");
 * assert.equal(topicNames("test-1.").reviews, "test-1.reviews");
 * ```
 */
export function topicNames(prefix: string = TOPIC_PREFIX): Record<TableName, string> {
  return {
    activity: `${prefix}activity`,
    transactions: `${prefix}transactions`,
    inventory: `${prefix}inventory`,
    reviews: `${prefix}reviews`,
  };
}
