/**
 * The simulated customers: a growing population where new users keep arriving and a share of
 * sessions come from returning users (loyal early users and recent ones). Users are indices;
 * their ids and countries are derived from the index, so nothing per user is stored.
 *
 * @module
 */

import { cumulate, hash32, Prng } from "./prng.ts";

/** Share of sessions that bring a new user. */
const NEW_USER_SHARE = 0.3;

/** Countries by weight of customers. */
const COUNTRIES = ["DE", "FR", "GB", "PL", "ES", "IT", "NL", "US", "BR", "PT"] as const;
const COUNTRY_WEIGHTS = cumulate([22, 14, 13, 10, 9, 9, 7, 8, 5, 3]);

/** The user population; `count` grows as sessions bring new users. */
export class Population {
  count = 0;
  #seed: number;

  /** @param seed the generator seed, which fixes user ids */
  constructor(seed: number) {
    this.#seed = seed;
  }

  /**
   * Chooses the user of a new session, sometimes a brand-new one.
   *
   * @param rng the stream to draw from
   * @returns a user index
   */
  nextUser(rng: Prng): number {
    if (this.count === 0 || rng.next() < NEW_USER_SHARE) return this.count++;
    const u = rng.next();
    // Half the returning sessions favour early (loyal) users, half are uniform.
    return Math.floor(this.count * (rng.next() < 0.5 ? u * u * u : u));
  }

  /**
   * Chooses an existing user without growing the population (for extra spike traffic, so the
   * base data stays the same with or without a spike).
   */
  existingUser(rng: Prng): number {
    return this.count === 0 ? 0 : rng.int(this.count);
  }

  /**
   * @param index a user index
   * @returns the user's numeric id as text, REES46 style (e.g. `512384771`)
   */
  userId(index: number): string {
    return String(500_000_000 + index * 23 + (hash32(this.#seed ^ (index * 7919)) % 23));
  }

  /**
   * @param index a user index
   * @returns the user's ISO country code
   */
  country(index: number): string {
    const h = hash32(this.#seed + index * 104729) / 4294967296;
    const target = h * COUNTRY_WEIGHTS[COUNTRY_WEIGHTS.length - 1];
    let i = 0;
    while (COUNTRY_WEIGHTS[i] <= target) i++;
    return COUNTRIES[i];
  }
}
