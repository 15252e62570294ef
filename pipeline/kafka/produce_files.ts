/**
 * Loads history from files into the input topics: the Kafka path of a backfill.
 *
 * @module
 */

import type { Producer } from "kafkajs";
import type { Decoders } from "../../operators/decoder.ts";
import type { TableName } from "../../operators/types.ts";
import { fileSource } from "../sources/file_source.ts";
import { createProgress } from "../progress.ts";
import { FORMAT_HEADER, NATIVE_FORMAT } from "./format_header.ts";
import { messageKey } from "./message_key.ts";

/** Options of {@linkcode produceFiles}. */
export interface ProduceFilesOptions {
  /** A connected producer (kafkajs's default murmur2 partitioner). */
  producer: Producer;
  /** The files of each table, as `prepareFormat` grouped them. */
  inputs: ReadonlyMap<TableName, readonly string[]>;
  /** The topic of every table. */
  topics: Readonly<Record<TableName, string>>;
  /** The format's decoders over the native ones: they find each record's key. */
  decoders: Decoders;
  /**
   * The label of each table's format (`formatLabels`), sent in every message's `shopease-format`
   * header so a consumer reading with another format quarantines instead of misreading. Default
   * native for every table.
   */
  formats?: Readonly<Partial<Record<TableName, string>>>;
  /** The format's CSV settings. */
  csv?: { header?: boolean | "auto"; columns?: readonly string[] };
  /** Records per read batch and per `sendBatch` request (default 4096). */
  batchSize?: number;
  /** Progress bar on stderr. */
  progress?: boolean;
}

/** What one table sent. */
export interface ProducedTopic {
  table: TableName;
  topic: string;
  /** Messages sent: every input record, bad lines included. */
  messages: number;
  /** Of those, lines the file reader could not decode (sent with an empty value). */
  badLines: number;
}

/**
 * Sends every input record of every table to its topic, in file order (the lines of a read
 * batch that could not be decoded go after its records), one request per batch, and waits for
 * all in-sync replicas (`acks: -1`).
 *
 * What is sent is the input as the file reader parsed it: a record's fields as one JSON object
 * (the layout of a Kafka message the consumer decodes with the same format), keyed by
 * {@linkcode messageKey}. A line the reader could not decode (`malformed_csv`,
 * `malformed_json`) is sent too, with an empty value keyed by its position, so the consumer
 * quarantines it and input = valid + quarantined holds end to end; the file reader keeps no text
 * of such a line, so the consumer's reason is `malformed_json` whatever the file's format. Every
 * message carries its table's format label in the `shopease-format` header.
 * Progress and counts never show a key or a value.
 *
 * @param options Producer, inputs, topics and the format.
 * @returns Messages and bad lines per table, in input order.
 * @throws The file reader's errors (naming the file) and the producer's.
 * @example
 * ```ts
 * import type { Producer } from "kafkajs";
 * import { NATIVE_DECODERS } from "../../operators/validate.ts";
 * import { topicNames } from "./topic_names.ts";
 * // Needs a running broker, so this example declares the call and is only type-checked.
 * async function backfill(producer: Producer): Promise<number> {
 *   const inputs = new Map([["activity" as const, ["data/sample/activity.csv"]]]);
 *   const sent = await produceFiles({ producer, inputs, topics: topicNames(),
 *     decoders: NATIVE_DECODERS });
 *   return sent[0].messages;
 * }
 * ```
 */
export async function produceFiles(options: ProduceFilesOptions): Promise<ProducedTopic[]> {
  const { producer, topics, decoders } = options;
  const results: ProducedTopic[] = [];
  for (const [table, paths] of options.inputs) {
    const topic = topics[table];
    const result: ProducedTopic = { table, topic, messages: 0, badLines: 0 };
    const headers = { [FORMAT_HEADER]: options.formats?.[table] ?? NATIVE_FORMAT };
    const progress = createProgress(`produce ${table}`, options.progress ?? false);
    const source = fileSource({
      table,
      paths: [...paths],
      batchSize: options.batchSize ?? 4096,
      header: options.csv?.header,
      columns: options.csv?.columns,
      knownColumns: decoders[table].fields,
    });
    try {
      for await (const batch of source) {
        const messages: { key: string; value: string; headers: typeof headers }[] = [];
        for (const record of batch.records) {
          messages.push({
            key: messageKey(decoders, table, record),
            value: JSON.stringify(record.fields),
            headers,
          });
        }
        for (const row of batch.quarantine) {
          messages.push({ key: row.position, value: "", headers });
        }
        if (messages.length > 0) {
          await producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 });
        }
        result.messages += messages.length;
        result.badLines += batch.quarantine.length;
        progress.update(batch.bytesRead, batch.bytesTotal, result.messages);
      }
    } finally {
      progress.done();
    }
    results.push(result);
  }
  return results;
}
