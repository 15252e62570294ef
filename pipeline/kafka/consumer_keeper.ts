/**
 * Keeps a source's kafkajs consumer running: one that crashed and that kafkajs will not restart
 * is replaced by a new one in the group.
 *
 * @module
 */

import type { Consumer } from "kafkajs";
import { log } from "../log.ts";

/** A consumer made with its listeners attached (and whatever else belongs to it). */
export interface AttachedConsumer {
  consumer: Consumer;
  /** Removes the listeners `attach` added. */
  detach(): void;
}

const FIRST_DELAY_MS = 1_000;
const LAST_DELAY_MS = 30_000;
/** A crash this long after the last replacement starts again from the first delay. */
const CALM_MS = 300_000;

/**
 * kafkajs restarts its consumer after a retriable error only. After any other (a group
 * coordinator not found while a restarted broker loads its offsets, a `TypeError` thrown by a
 * batch) the consumer stays down while the process runs on, reading nothing: the likely cause of
 * a CI run in which a live consumer read nothing for two minutes after a broker restart, all its
 * partitions stopped at one point. The keeper then makes a new consumer with `attach` and starts it
 * with `start`, after 1 s, then after doubling delays up to 30 s while it fails to start or crashes
 * again within 5 minutes (a bug on one message crashes every new consumer); each crash is logged.
 * The new member resumes like any new owner of the partitions (its source's `onAssign`).
 */
export class ConsumerKeeper {
  readonly #label: string;
  readonly #attach: () => AttachedConsumer;
  readonly #start: (consumer: Consumer) => Promise<void>;
  #current: AttachedConsumer;
  #removeCrash: () => void;
  #stopping = false;
  #replacing: Promise<void> | null = null;
  #wake = () => {};
  /** The wait before the next replacement, and when the last one started a consumer. */
  #delay = FIRST_DELAY_MS;
  #lastReplaced = -Infinity;

  /**
   * Makes the first consumer (not started yet: see {@linkcode ConsumerKeeper.start}).
   *
   * @param label How log lines name the source, such as `kafka source shopease.activity`.
   * @param attach Makes a consumer and attaches the source's listeners.
   * @param start Connects, subscribes and runs a consumer made by `attach`.
   */
  constructor(
    label: string,
    attach: () => AttachedConsumer,
    start: (consumer: Consumer) => Promise<void>,
  ) {
    this.#label = label;
    this.#attach = attach;
    this.#start = start;
    this.#current = attach();
    this.#removeCrash = this.#watch(this.#current.consumer);
  }

  /** The consumer now in use. */
  get consumer(): Consumer {
    return this.#current.consumer;
  }

  /** Starts the first consumer; when that fails, disconnects it and throws. */
  async start(): Promise<void> {
    try {
      await this.#start(this.consumer);
    } catch (error) {
      await this.consumer.disconnect();
      throw error;
    }
  }

  /**
   * Stops the consumer for good: no more replacements (one under way is awaited first); `drain`
   * commits what finished batches queued while this member still owns its partitions (stopping
   * leaves the group, and commits for partitions no longer owned are dropped); the consumer stops,
   * waiting for the batch in progress, which then is not taken; `drain` again; disconnect.
   * Without a replacement under way, `drain` is called before any await: a batch finishing
   * meanwhile must find the consumer stopping, or it would still commit.
   *
   * @param drain Waits for the source's queued offset commits.
   */
  async stop(drain: () => Promise<void>): Promise<void> {
    this.#stopping = true;
    this.#wake();
    if (this.#replacing !== null) await this.#replacing;
    await drain();
    await this.consumer.stop();
    await drain();
    await this.consumer.disconnect();
    this.#detach();
  }

  /** Removes the listeners of the consumer in use. */
  #detach(): void {
    this.#removeCrash();
    this.#current.detach();
  }

  #watch(consumer: Consumer): () => void {
    return consumer.on(consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      log.error(`${this.#label}: consumer crashed: ${error.message}`);
      if (restart || this.#stopping || this.#replacing !== null) return;
      this.#replacing = this.#replace().finally(() => this.#replacing = null);
    });
  }

  async #replace(): Promise<void> {
    if (Date.now() - this.#lastReplaced > CALM_MS) this.#delay = FIRST_DELAY_MS;
    while (!this.#stopping) {
      const delay = this.#delay;
      this.#delay = Math.min(2 * delay, LAST_DELAY_MS);
      log.warn(`${this.#label}: kafkajs will not restart it; a new consumer in ${delay} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (this.#stopping) return;
      this.#detach();
      await this.consumer.disconnect().catch(() => {});
      this.#current = this.#attach();
      this.#removeCrash = this.#watch(this.consumer);
      try {
        await this.#start(this.consumer);
        this.#lastReplaced = Date.now();
        log.info(`${this.#label}: a new consumer joined the group`);
        return;
      } catch (error) {
        log.error(`${this.#label}: the new consumer failed to start: ${String(error)}`);
      }
    }
  }
}
