/**
 * Which input topics already hold messages: `deno task produce` refuses them unless told to
 * append, since the same history sent twice is counted twice by every consumer.
 *
 * @module
 */

import type { Admin } from "kafkajs";
import type { TableName } from "../../operators/types.ts";

/** A topic that has been written to: its end offsets summed over its partitions. */
export interface WrittenTopic {
  table: TableName;
  topic: string;
  /** Sum of the partitions' end offsets (messages ever written, transaction markers included). */
  offsets: number;
}

/**
 * Returns the topics among `tables` whose partitions have been written to (an end offset above
 * 0, even if retention has since removed the messages: consumers may have read them).
 *
 * @param admin A connected admin client.
 * @param topics The topic of every table.
 * @param tables The tables about to be written.
 * @returns The written topics, in the order of `tables`.
 */
export async function writtenTopics(
  admin: Admin,
  topics: Readonly<Record<TableName, string>>,
  tables: Iterable<TableName>,
): Promise<WrittenTopic[]> {
  const written: WrittenTopic[] = [];
  for (const table of tables) {
    const partitions = await admin.fetchTopicOffsets(topics[table]);
    const offsets = partitions.reduce((sum, p) => sum + Number(p.high), 0);
    if (offsets > 0) written.push({ table, topic: topics[table], offsets });
  }
  return written;
}

/**
 * The one-line refusal of `produce` for topics that were written to.
 *
 * @param written What {@linkcode writtenTopics} found (not empty).
 * @returns The message: which topics, why, the two ways on, and what to do after a produce
 *   that was cut short (its topics hold part of the input: appending would count that twice).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const message = refuseWritten([{ table: "activity", topic: "shopease.activity", offsets: 12 }]);
 * assert.match(message, /^topic shopease\.activity already holds 12 offsets/);
 * ```
 */
export function refuseWritten(written: readonly WrittenTopic[]): string {
  const what = written.map((w) => `${w.topic} already holds ${w.offsets} offsets`).join(", ");
  return `topic ${what}: producing into it again sends every record a second time, and ` +
    "consumers count both. Pass --append to add to it anyway, or --topic-prefix for new topics " +
    "(after a produce cut short, delete its topics or take a new prefix, then produce again)";
}
