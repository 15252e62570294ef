/**
 * The product views a purchase may still be joined with, held in typed arrays.
 *
 * @module
 */

/** What {@linkcode RecentViews.match} found. */
export interface ViewMatch {
  /** Views of the product by the user in the range. */
  count: number;
  /** Event time of the earliest of them (`Infinity` when none). */
  first: number;
}

const NONE = -1;

/**
 * Views (user, product, event time) in arrival order, chained by product, for an interval join.
 *
 * Why this layout: a view may wait a day of event time for its purchase, so the millions of
 * views of a day outlive many young-generation collections; kept as objects they were copied
 * by each collection and then promoted. Here a view is a slot in a ring of arrays. Adding one
 * must be cheap, because there are a hundred views per purchase: it hashes the product id in
 * JS (a `Map` lookup first has the runtime hash every fresh id string from the input, and a
 * lookup by user missed the processor's caches), writes at the ring's end and links the view
 * back to the product's previous one. A join walks the product's chain and compares users;
 * user ids are pseudonyms shared by all of a user's records, so that is mostly a pointer test.
 *
 * Arrival order is event order up to the lateness, so dropping views from the ring's front
 * drops (about) the oldest ones; a chain ends where it reaches a dropped view. Products are
 * numbered for as long as the index lives (their number is bounded by the catalog).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const lookback = 24 * 3_600_000;
 * const t = Date.UTC(2019, 9, 1);
 * const views = new RecentViews();
 * views.add("u1", "p1", t);
 * const match = views.match("u1", "p1", t - lookback, t, { count: 0, first: Infinity });
 * assert.deepEqual(match, { count: 1, first: t });
 * views.dropBefore(t + 1);
 * assert.equal(views.size, 0);
 * ```
 */
export class RecentViews {
  // The ring: view `seq` (counted from 0 since creation) sits at `seq & #mask`.
  #mask = 1023;
  #front = 0;
  #back = 0;
  #userOf: string[] = new Array(1024).fill("");
  #timeOf = new Float64Array(1024);
  /** The seq of the same product's previous view, or `NONE`. */
  #previousOf = new Float64Array(1024);

  // Products: an open-addressing table of product numbers (+ 1; 0 marks an empty slot).
  #productSlots = new Int32Array(1024);
  readonly #productIds: string[] = [];
  /** The seq of each product's latest view; below `#front` once all are gone. */
  #lastOf = new Float64Array(256);

  /** Views held. */
  get size(): number {
    return this.#back - this.#front;
  }

  /** Appends a view; views must come in arrival order. */
  add(userId: string, productId: string, time: number): void {
    if (this.#back - this.#front > this.#mask) this.#growRing();
    const seq = this.#back++;
    const at = seq & this.#mask;
    const product = this.#product(productId, true);
    const previous = this.#lastOf[product];
    this.#lastOf[product] = seq;
    this.#userOf[at] = userId;
    this.#timeOf[at] = time;
    this.#previousOf[at] = previous >= this.#front ? previous : NONE;
  }

  /**
   * Counts the user's views of the product with event time in `[from, to]`.
   *
   * @returns The count and the earliest time; `out` is filled and returned (no allocation).
   */
  match(userId: string, productId: string, from: number, to: number, out: ViewMatch): ViewMatch {
    out.count = 0;
    out.first = Infinity;
    const product = this.#product(productId, false);
    if (product < 0) return out;
    const mask = this.#mask;
    const front = this.#front;
    for (let seq = this.#lastOf[product]; seq >= front;) {
      const at = seq & mask;
      const time = this.#timeOf[at];
      if (time >= from && time <= to && this.#userOf[at] === userId) {
        out.count++;
        if (time < out.first) out.first = time;
      }
      seq = this.#previousOf[at];
    }
    return out;
  }

  /**
   * Drops views from the front while their event time is below `time`. A view that arrived
   * before an older one holds that one back until it goes itself: callers must not rely on
   * every older view being gone, only on every dropped one being older.
   */
  dropBefore(time: number): void {
    const mask = this.#mask;
    let front = this.#front;
    while (front < this.#back && this.#timeOf[front & mask] < time) {
      this.#userOf[front & mask] = ""; // let the user id go
      front++;
    }
    this.#front = front;
  }

  /** The number of a product, added when `add` is true; -1 when absent and not added. */
  #product(productId: string, add: boolean): number {
    const hash = hashId(productId);
    const slots = this.#productSlots;
    const mask = slots.length - 1;
    for (let slot = hash & mask;; slot = (slot + 1) & mask) {
      const entry = slots[slot];
      if (entry === 0) break;
      if (this.#productIds[entry - 1] === productId) return entry - 1;
    }
    if (!add) return -1;
    const product = this.#productIds.length;
    // Ids of 13+ chars may be slices of a whole input chunk (V8 slices rather than copies
    // them), and this table lives as long as the join: keep a copy that pins nothing.
    this.#productIds.push(productId.length < 13 ? productId : (" " + productId).slice(1));
    if (product === this.#lastOf.length) this.#lastOf = grown(this.#lastOf, 2 * product);
    this.#lastOf[product] = NONE;
    if (2 * this.#productIds.length > slots.length) this.#rehashProducts(2 * slots.length);
    else this.#placeProduct(product, hash);
    return product;
  }

  #placeProduct(product: number, hash: number): void {
    const slots = this.#productSlots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = product + 1;
  }

  #rehashProducts(capacity: number): void {
    this.#productSlots = new Int32Array(capacity);
    for (let product = 0; product < this.#productIds.length; product++) {
      this.#placeProduct(product, hashId(this.#productIds[product]));
    }
  }

  #growRing(): void {
    const capacity = 2 * (this.#mask + 1);
    const mask = capacity - 1;
    const userOf: string[] = new Array(capacity).fill("");
    const timeOf = new Float64Array(capacity);
    const previousOf = new Float64Array(capacity);
    for (let seq = this.#front; seq < this.#back; seq++) {
      const from = seq & this.#mask;
      const to = seq & mask;
      userOf[to] = this.#userOf[from];
      timeOf[to] = this.#timeOf[from];
      previousOf[to] = this.#previousOf[from];
    }
    this.#mask = mask;
    this.#userOf = userOf;
    this.#timeOf = timeOf;
    this.#previousOf = previousOf;
  }
}

/** FNV-1a over the UTF-16 units of an id, with its high bits folded into the low ones. */
function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash ^ (hash >>> 15);
}

function grown(values: Float64Array, length: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(length);
  out.set(values);
  return out;
}
