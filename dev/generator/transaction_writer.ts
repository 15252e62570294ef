/**
 * Writes `transactions.ndjson`: one JSON object per line, in event-time order, with faulty
 * lines injected next to clean ones. Faulty lines are extra lines (a copy of the clean line
 * under a fresh id with exactly one field broken, a truncated line, or a verbatim duplicate of
 * an earlier line), so every clean purchase stays in the file.
 *
 * @module
 */

import type { TransactionType } from "../../operators/types.ts";
import type { BufferedWriter } from "./buffered_writer.ts";
import { FaultSchedule } from "./fault_schedule.ts";
import type { Prng } from "./prng.ts";
import { formatIsoTime } from "./time_format.ts";

/** One transaction line before formatting. */
export interface TransactionLine {
  transactionId: string;
  orderId: string;
  userId: string;
  productId: string;
  quantity: number;
  unitPriceCents: number;
  type: TransactionType;
  time: number;
  country: string;
  paymentMethod: string;
}

/** Fault kinds, named by the reason code the validator gives them. */
export const TRANSACTION_FAULTS = [
  "malformed_json",
  "missing_field:user_id",
  "invalid_number:quantity",
  "invalid_quantity",
  "invalid_number:unit_price",
  "invalid_price",
  "unknown_type",
  "invalid_timestamp",
  "duplicate_id",
  "missing_field:product_id",
] as const;

/** Formats a clean line; string concatenation because this runs once per transaction. */
export function formatTransaction(t: TransactionLine): string {
  return '{"transaction_id":"' + t.transactionId + '","order_id":"' + t.orderId + '","user_id":"' +
    t.userId + '","product_id":"' + t.productId + '","quantity":' + t.quantity + ',"unit_price":' +
    t.unitPriceCents / 100 + ',"type":"' + t.type + '","timestamp":"' + formatIsoTime(t.time) +
    '","country":"' + t.country + '","payment_method":"' + t.paymentMethod + '"}';
}

/** Writes clean lines and injects faults on schedule. */
export class TransactionWriter {
  readonly faults: FaultSchedule;
  /** Clean lines and all lines written. */
  valid = 0;
  rows = 0;
  #out: BufferedWriter;
  #rng: Prng;
  #last: TransactionLine | null = null;
  #lastText = "";
  #faultId = 0;

  /**
   * @param out the file writer
   * @param rate fault rate
   * @param expectedRows rough number of clean lines
   * @param rng the fault stream (only chooses how a fault looks)
   */
  constructor(out: BufferedWriter, rate: number, expectedRows: number, rng: Prng) {
    this.#out = out;
    this.#rng = rng;
    this.faults = new FaultSchedule(TRANSACTION_FAULTS, rate, expectedRows);
  }

  /** Writes one clean line, then a faulty one when one is due. */
  write(line: TransactionLine): void {
    const text = formatTransaction(line);
    this.#out.add(text + "\n");
    this.valid++;
    this.rows++;
    this.#last = line;
    this.#lastText = text;
    const kind = this.faults.due();
    if (kind !== null) this.#inject(kind);
  }

  /** Adds each fault kind not yet injected (small outputs), after the last clean line. */
  finish(): void {
    if (this.#last === null) return;
    for (const kind of this.faults.missing()) this.#inject(kind);
  }

  #inject(kind: string): void {
    const line = this.#last!;
    let text: string;
    if (kind === "duplicate_id") {
      // A verbatim copy of the clean line just written: same id and time, so never late.
      text = this.#lastText;
    } else {
      const o: Record<string, unknown> = JSON.parse(formatTransaction(line));
      o.transaction_id = line.transactionId + "-f" + ++this.#faultId;
      this.#breakField(kind, o);
      text = JSON.stringify(o);
      if (kind === "malformed_json") text = text.slice(0, Math.floor(text.length / 2));
    }
    this.#out.add(text + "\n");
    this.rows++;
    this.faults.count(kind);
  }

  #breakField(kind: string, o: Record<string, unknown>): void {
    const r = this.#rng;
    switch (kind) {
      case "missing_field:user_id":
      case "missing_field:product_id": {
        const field = kind.slice("missing_field:".length);
        const how = r.int(3);
        if (how === 0) delete o[field];
        else o[field] = how === 1 ? null : "";
        return;
      }
      case "invalid_number:quantity":
        o.quantity = r.pick(["two", "1x", "n/a"]);
        return;
      case "invalid_quantity":
        o.quantity = r.pick([0, -1, -3, 1.5]);
        return;
      case "invalid_number:unit_price":
        o.unit_price = r.pick(["abc", "12.5.0", "free"]);
        return;
      case "invalid_price":
        o.unit_price = r.pick([0, -4.99, -120]);
        return;
      case "unknown_type":
        o.type = r.pick(["chargeback", "exchange", "gift"]);
        return;
      case "invalid_timestamp":
        o.timestamp = r.pick(["2024-13-45T99:00", "not a timestamp", "31/31/2025 25:61"]);
        return;
    }
  }
}
