/**
 * Extra traffic for alert tests: during a few minutes one event type arrives `factor` times as
 * often as usual. The extra events come from their own random stream and existing users, so the
 * rest of the data is the same with or without a spike.
 *
 * @module
 */

import type { EventType } from "../../operators/types.ts";
import type { Catalog } from "./catalog.ts";
import type { Population } from "./population.ts";
import { Prng } from "./prng.ts";
import { EVENT_TYPES } from "../../operators/registry.ts";
import type { SimEvent } from "./sessions.ts";
import { PAYMENT_METHODS } from "./payments.ts";

/** A requested spike. */
export interface SpikeOptions {
  eventType: EventType;
  /** Rate multiplier (≥ 1). */
  factor: number;
  /** Start, ms since epoch UTC. */
  at: number;
  /** Duration in minutes (default 5). */
  minutes?: number;
}

/** Adds a spike's extra events day by day. */
export class Spike {
  readonly options: Required<SpikeOptions>;
  /** Extra events added so far. */
  added = 0;
  #type: number;
  #rng: Prng;
  #carry = 0;

  /**
   * @param options the spike
   * @param seed the generator seed
   */
  constructor(options: SpikeOptions, seed: number) {
    this.options = { ...options, minutes: options.minutes ?? 5 };
    this.#type = EVENT_TYPES.indexOf(options.eventType);
    this.#rng = new Prng(seed, 7);
  }

  /**
   * Adds the extra events falling on one day.
   *
   * @param dayStart ms of the day's midnight
   * @param minute the day's 1440 minute intensities
   * @param events the day's events; those from `first` on were generated for this day and
   *   measure the usual rate of the type; extra events are appended here
   * @param first index of the day's first generated event
   * @param catalog product samplers
   * @param users the population (only existing users are used)
   */
  addTo(
    dayStart: number,
    minute: Float64Array,
    events: SimEvent[],
    first: number,
    catalog: Catalog,
    users: Population,
  ): void {
    const from = this.options.at;
    const to = from + this.options.minutes * 60_000;
    if (to <= dayStart || from >= dayStart + 86_400_000) return;
    let ofType = 0;
    const end = events.length;
    for (let i = first; i < end; i++) if (events[i].type === this.#type) ofType++;
    let dayTotal = 0;
    for (let m = 0; m < 1440; m++) dayTotal += minute[m];
    for (let m = 0; m < 1440; m++) {
      const t0 = dayStart + m * 60_000;
      if (t0 + 60_000 <= from || t0 >= to) continue;
      const lo = Math.max(t0, from);
      const share = (Math.min(t0 + 60_000, to) - lo) / 60_000;
      this.#carry += (this.options.factor - 1) * ofType * (minute[m] / dayTotal) * share;
      const n = Math.floor(this.#carry);
      this.#carry -= n;
      const span = Math.max(1, Math.floor((Math.min(t0 + 60_000, to) - lo) / 1000));
      for (let i = 0; i < n; i++) {
        events.push(this.#event(lo + this.#rng.int(span) * 1000, catalog, users));
      }
      this.added += n;
    }
  }

  #event(time: number, catalog: Catalog, users: Population): SimEvent {
    const userIndex = users.existingUser(this.#rng);
    const session = {
      userIndex,
      userId: users.userId(userIndex),
      uuid: this.#rng.uuid(),
      order: -1,
      payment: this.#rng.pick(PAYMENT_METHODS),
      extra: true,
    };
    return { time, type: this.#type, product: catalog.pick(this.#rng), quantity: 1, session };
  }
}
