/**
 * Test helper: a kafkajs client whose first Produce request reaches the real broker but whose
 * answer is lost on the way back, the fault that turns a plain producer's retry into a duplicate.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import net from "node:net";
import { type Kafka, logLevel } from "kafkajs";
import { createKafka } from "../../../pipeline/kafka/create_kafka.ts";

/** Kafka's api key of Produce requests. */
const PRODUCE = 0;

/** A client that loses the answer to its first Produce request, and what it lost. */
export interface LostAnswerKafka {
  kafka: Kafka;
  /** Answers that were dropped (at most one). */
  dropped(): number;
}

/**
 * Creates a client whose sockets pass every request to the broker but drop the response to the
 * first Produce request (matched by correlation id), so that request times out after the broker
 * appended its batch.
 *
 * @param brokers `host:port` list
 * @returns the client and a count of dropped answers
 */
export function lostAnswerKafka(brokers: string[]): LostAnswerKafka {
  let produceSeen = false;
  let dropped = 0;
  const kafka = createKafka(brokers, {
    logLevel: logLevel.NOTHING, // the timeouts it causes are the point, not news
    requestTimeout: 1_500,
    retry: { initialRetryTime: 100, retries: 5 },
    socketFactory: ({ host, port, onConnect }) => {
      const socket = net.connect({ host, port }, onConnect);
      const lose = new Set<number>();
      const write = socket.write.bind(socket) as (chunk: Uint8Array, ...rest: unknown[]) => boolean;
      socket.write = ((chunk: Uint8Array, ...rest: unknown[]) => {
        const bytes = Buffer.from(chunk);
        // A request: int32 size, int16 api key, int16 api version, int32 correlation id, …
        if (!produceSeen && bytes.length >= 12 && bytes.readInt16BE(4) === PRODUCE) {
          produceSeen = true;
          lose.add(bytes.readInt32BE(8));
        }
        return write(chunk, ...rest);
      }) as typeof socket.write;
      let pending = Buffer.alloc(0);
      const emit = socket.emit.bind(socket) as (event: string, ...args: unknown[]) => boolean;
      socket.emit = ((event: string, ...args: unknown[]) => {
        if (event !== "data") return emit(event, ...args);
        // Responses: int32 size, int32 correlation id, …; pass on whole frames but the lost one.
        pending = Buffer.concat([pending, Buffer.from(args[0] as Uint8Array)]);
        const keep: Buffer[] = [];
        while (pending.length >= 8 && pending.length >= 4 + pending.readInt32BE(0)) {
          const end = 4 + pending.readInt32BE(0);
          if (lose.delete(pending.readInt32BE(4))) dropped++;
          else keep.push(pending.subarray(0, end));
          pending = pending.subarray(end);
        }
        return keep.length === 0 || emit("data", Buffer.concat(keep));
      }) as typeof socket.emit;
      return socket;
    },
  });
  return { kafka, dropped: () => dropped };
}
