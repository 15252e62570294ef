/**
 * The manifest the generator writes next to its output: what was generated, how many rows each
 * file holds and how many of them are valid, and the exact number of injected faults by the
 * reason code the validator (or the fix kind the standardizer) reports for them.
 *
 * @module
 */

import type { EventType } from "../../operators/types.ts";

/** Generator sizes. */
export type Scale = "small" | "medium" | "demo";

/** Row counts of one output file. */
export interface FileCounts {
  /** File name inside the output folder, e.g. `activity.csv`. */
  file: string;
  /** Records written (CSV data rows without the header, NDJSON lines, JSON array elements). */
  rows: number;
  /** Records the validator should accept (`rows` minus the records it must quarantine). */
  valid: number;
  /** File size in bytes. */
  bytes: number;
}

/** Describes a generated data set; written as `manifest.json`. */
export interface Manifest {
  generator: "shopease-generator/1";
  seed: number;
  scale: Scale;
  /** Requested clickstream events (spike extras come on top). */
  events: number;
  faultRate: number;
  /** The range the data covers (ISO-8601 UTC) and the first and last activity event times. */
  timeRange: { start: string; end: string; firstEvent: string; lastEvent: string };
  spike:
    | { eventType: EventType; factor: number; at: string; minutes: number; extraEvents: number }
    | null;
  files: {
    activity: FileCounts;
    transactions: FileCounts;
    inventory: FileCounts;
    reviews: FileCounts;
  };
  /**
   * Exact counts of injected faults. Keys of `transactions` and `inventory.quarantine` are
   * validator reason codes; keys of `inventory.fixes` are standardizer fix kinds. Kinds that were
   * not injected are absent.
   */
  faults: {
    activity: Record<string, number>;
    transactions: Record<string, number>;
    inventory: { quarantine: Record<string, number>; fixes: Record<string, number> };
    reviews: Record<string, number>;
  };
  /** Shape of the clean data. */
  stats: {
    products: number;
    users: number;
    sessions: number;
    orders: number;
    eventTypes: Record<EventType, number>;
    /** Clean transaction lines by type. */
    transactionTypes: Record<"purchase" | "refund" | "return", number>;
    restocks: number;
    /** Purchases that found the product sold out (emitted as `remove_from_cart`). */
    stockouts: number;
  };
}
