/**
 * Writes `reviews.json`, one JSON array streamed element by element in creation-time order.
 * Reviews are scheduled when a purchase is emitted (created 1 to 20 days later) and written on
 * the day they are created; reviews that would fall after the range are never written.
 *
 * @module
 */

import type { BufferedWriter } from "./buffered_writer.ts";
import type { Prng } from "./prng.ts";
import { reviewText } from "./review_text.ts";
import { formatIsoTime } from "./time_format.ts";

/** A review waiting for its creation day. */
export interface PendingReview {
  time: number;
  userId: string;
  productId: string;
  orderId: string;
  rating: number;
}

/** Schedules and writes reviews. */
export class ReviewWriter {
  rows = 0;
  #out: BufferedWriter;
  #rng: Prng;
  #days: PendingReview[][];

  /**
   * @param out the file writer (the array opens here)
   * @param days number of days in the range
   * @param rng the review text stream
   */
  constructor(out: BufferedWriter, days: number, rng: Prng) {
    this.#out = out;
    this.#rng = rng;
    this.#days = Array.from({ length: days }, () => []);
    out.add("[");
  }

  /** Keeps a review for day `day`; ignored when the day is past the range. */
  schedule(day: number, review: PendingReview): void {
    if (day < this.#days.length) this.#days[day].push(review);
  }

  /** Writes the reviews created on day `day`, in time order. */
  writeDay(day: number): void {
    const list = this.#days[day].sort((a, b) => a.time - b.time);
    this.#days[day] = [];
    for (const r of list) {
      const { title, body } = reviewText(this.#rng, r.rating);
      this.#out.add(
        (this.rows === 0 ? "\n" : ",\n") + '{"review_id":"rv' + (this.rows + 1) + '","user_id":"' +
          r.userId +
          '","product_id":"' + r.productId + '","order_id":"' + r.orderId + '","rating":' +
          r.rating +
          ',"title":' + JSON.stringify(title) + ',"body":' + JSON.stringify(body) +
          ',"created_at":"' +
          formatIsoTime(r.time) + '"}',
      );
      this.rows++;
    }
  }

  /** Closes the array. */
  finish(): void {
    this.#out.add(this.rows === 0 ? "]\n" : "\n]\n");
  }
}
