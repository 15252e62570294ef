/**
 * Turns Kafka messages into a RawBatch of one input table, quarantining what is not a JSON
 * object.
 *
 * @module
 */

import type { KafkaMessage } from "kafkajs";
import type { QuarantineRow, RawBatch, RawRecord, TableName } from "../../operators/types.ts";
import { jsonKeySpeller } from "../sources/json_key_speller.ts";
import { NATIVE_COLUMNS } from "../sources/native_columns.ts";
import { JSON_LAYOUT } from "../sources/raw_record.ts";
import { parseJsonObject } from "../sources/parse_json_object.ts";
import { formatMismatch, NATIVE_FORMAT } from "./format_header.ts";

/** Values larger than this (1 MiB) are quarantined unparsed: no event is that big. */
export const MAX_MESSAGE_BYTES = 1_048_576;

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

type Speller = (fields: Record<string, unknown>) => Record<string, unknown>;

/** Keys matched in any case and spacing (`USER_ID`) to each table's native columns, as in files. */
const NATIVE_SPELLERS: Record<TableName, Speller> = {
  activity: jsonKeySpeller(NATIVE_COLUMNS.activity),
  transactions: jsonKeySpeller(NATIVE_COLUMNS.transactions),
  inventory: jsonKeySpeller(NATIVE_COLUMNS.inventory),
  reviews: jsonKeySpeller(NATIVE_COLUMNS.reviews),
};

/** Spellers of a format's column lists, kept per list so their memo outlives a batch. */
const formatSpellers = new WeakMap<readonly string[], Speller>();

function spellerFor(table: TableName, knownColumns: readonly string[] | undefined): Speller {
  if (knownColumns === undefined) return NATIVE_SPELLERS[table];
  let speller = formatSpellers.get(knownColumns);
  if (speller === undefined) {
    speller = jsonKeySpeller(knownColumns);
    formatSpellers.set(knownColumns, speller);
  }
  return speller;
}

/**
 * Decodes one partition's messages. Each value must be a UTF-8 JSON object of at most
 * {@linkcode MAX_MESSAGE_BYTES}; anything else (invalid JSON, an array, a number, `null`, an
 * empty value, bad UTF-8, an oversized value) becomes a quarantine row with reason
 * `malformed_json` and no text (`raw` is `""`: where its ids stand cannot be known, so nothing
 * of it is kept; the offset in its position fetches it from the topic). Records carry the JSON
 * layout, so a record rejected later has its text rebuilt without ids. Positions read
 * `topic/partition@offset`. Keys are matched in any case and spacing to the table's columns
 * (`USER_ID` becomes `user_id`), as file readers match headers; unknown keys stay as written.
 * A message whose `shopease-format` header names another format than `format` is quarantined
 * unread as `format_mismatch` (see {@linkcode formatMismatch}); one without the header is read.
 *
 * @param topic the topic name, used as `source`
 * @param partition the partition number
 * @param messages messages in offset order
 * @param bytesRead bytes this source consumed before these messages
 * @param table the input table the topic holds (default `activity`)
 * @param knownColumns the column names the format's decoder reads (`decoders[table].fields`;
 *   default the table's native columns); pass the same array each time, its speller is cached
 * @param format the label of the format the table is read with (`formatLabels`; default native)
 * @returns the batch; `bytesRead` includes these messages and `bytesTotal` is 0 (a stream has no
 *   known end)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { KafkaMessage } from "kafkajs";
 * const value = new TextEncoder().encode('{"event_type":"view"}');
 * const message = { offset: "42", value, key: null, timestamp: "0", attributes: 0,
 *   headers: {} } as unknown as KafkaMessage;
 * const batch = kafkaRawBatch("shopease.activity", 0, [message], 0);
 * assert.equal(batch.records[0].position, "shopease.activity/0@42");
 * const text = new TextEncoder().encode('{"Product ID":"p1"}');
 * const review = { ...message, value: text } as unknown as KafkaMessage;
 * const reviews = kafkaRawBatch("shopease.reviews", 1, [review], 0, "reviews");
 * assert.equal(reviews.table, "reviews");
 * assert.deepEqual(reviews.records[0].fields, { product_id: "p1" });
 * ```
 */
export function kafkaRawBatch(
  topic: string,
  partition: number,
  messages: readonly KafkaMessage[],
  bytesRead: number,
  table: TableName = "activity",
  knownColumns?: readonly string[],
  format: string = NATIVE_FORMAT,
): RawBatch {
  const spell = spellerFor(table, knownColumns);
  const records: RawRecord[] = [];
  const quarantine: QuarantineRow[] = [];
  const prefix = `${topic}/${partition}@`;
  let bytes = bytesRead;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    const value = message.value;
    const position = prefix + message.offset;
    bytes += value === null ? 0 : value.length;
    const mismatch = formatMismatch(message.headers, format);
    if (mismatch !== null) {
      quarantine.push({ source: topic, position, reason: mismatch, raw: "", eventTime: null });
      continue;
    }
    if (value === null || value.length === 0 || value.length > MAX_MESSAGE_BYTES) {
      quarantine.push(malformed(topic, position));
      continue;
    }
    let raw: string;
    try {
      raw = strictUtf8.decode(value);
    } catch {
      // Not UTF-8: bad data, quarantined like any value that is not a JSON object.
      quarantine.push(malformed(topic, position));
      continue;
    }
    const fields = parseJsonObject(raw);
    if (fields === null) {
      quarantine.push(malformed(topic, position));
    } else {
      // The message's timestamp (producer's or broker's clock): --max-future is measured from
      // it, or from the reader's clock if earlier (isPlausibleTime): the same on every read of
      // the message unless its timestamp is ahead of the reader's clock. None (-1, unparsable):
      // the reader's clock.
      const arrivedAt = Number(message.timestamp);
      // One shape for every record (the property is there, undefined when unknown).
      records.push({
        source: topic,
        position,
        raw,
        fields: spell(fields),
        layout: JSON_LAYOUT,
        arrivedAt: arrivedAt > 0 ? arrivedAt : undefined,
      });
    }
  }
  return { table, records, quarantine, bytesRead: bytes, bytesTotal: 0 };
}

/** A `malformed_json` row keeping no text: the value's ids cannot be located. */
function malformed(topic: string, position: string): QuarantineRow {
  return { source: topic, position, reason: "malformed_json", raw: "", eventTime: null };
}
