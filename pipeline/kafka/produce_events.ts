/**
 * Produces JSON events to a topic in batches.
 *
 * @module
 */

import type { Producer } from "kafkajs";
import { FORMAT_HEADER, NATIVE_FORMAT } from "./format_header.ts";

/** Messages per `sendBatch` request. */
const CHUNK = 1000;

/** Events are native records: their format header says so. */
const HEADERS = { [FORMAT_HEADER]: NATIVE_FORMAT };

/**
 * Sends `events` as JSON values keyed by `keyOf(event)`, in chunks of 1000 messages per request,
 * waiting for all in-sync replicas (`acks: -1`), each with the native format header. Messages
 * with the same key go to the same partition, in order.
 *
 * @param producer a connected producer
 * @param topic target topic
 * @param events plain objects, serialized with `JSON.stringify`
 * @param keyOf the message key of an event (the simulator uses `user_id`)
 * @returns how many messages were sent
 * @example
 * ```ts
 * import type { Producer } from "kafkajs";
 * // Needs a running broker, so this example declares the call and is only type-checked.
 * async function send(producer: Producer, events: { user_id: string }[]): Promise<number> {
 *   return await produceEvents(producer, "shopease.activity", events, (e) => String(e.user_id));
 * }
 * ```
 */
export async function produceEvents<T extends object>(
  producer: Producer,
  topic: string,
  events: readonly T[],
  keyOf: (event: T) => string,
): Promise<number> {
  for (let start = 0; start < events.length; start += CHUNK) {
    const end = Math.min(events.length, start + CHUNK);
    const messages = new Array<{ key: string; value: string; headers: typeof HEADERS }>(
      end - start,
    );
    for (let i = start; i < end; i++) {
      messages[i - start] = {
        key: keyOf(events[i]),
        value: JSON.stringify(events[i]),
        headers: HEADERS,
      };
    }
    await producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 });
  }
  return events.length;
}
