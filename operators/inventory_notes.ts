/**
 * Side notes the inventory decoder leaves for `standardizeInventory`.
 *
 * The canonical {@linkcode InventoryUpdate} has no room for "this price was written as
 * `$1,299.00`" or for the raw text a late quarantine row needs, and adding such fields would
 * leak them into every sink. So the decoder notes them here, keyed by the record object itself.
 * A WeakMap keeps this deterministic (no shared counters, nothing global to reset) and frees a
 * note together with its record.
 *
 * @module
 */

import type { InventoryUpdate, RawRecord } from "./types.ts";

/** What `standardizeInventory` needs to know about one decoded inventory record. */
export interface InventoryNote {
  /** The record as read: source, position and raw text for a `missing_field:stock_level` row. */
  raw: RawRecord;
  /** True when price or unit_cost was price-like text (`$1,299.00`) rather than a plain number. */
  priceParsed: boolean;
}

/**
 * Notes by record. Decoders set one for records that have a price-like price or no stock level;
 * other records have none.
 */
export const INVENTORY_NOTES: WeakMap<InventoryUpdate, InventoryNote> = new WeakMap();
