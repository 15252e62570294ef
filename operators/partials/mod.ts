/**
 * Every report family: together they finish every report of the graph from per-partition
 * partial state (see `partial_family.ts`).
 *
 * @module
 */

import type { GraphReportName } from "../registry.ts";
import type { Json, PartialFamily, PartialOptions } from "./partial_family.ts";
import { salesFamily } from "./sales_partial.ts";
import { catalogFamily } from "./catalog_partial.ts";
import { behaviorFamily } from "./behavior_partial.ts";
import { qualityFamily } from "./quality_partial.ts";
import { minutesFamily } from "./minutes_partial.ts";

export type { FamilyRows, Json, PartialFamily, PartialOptions } from "./partial_family.ts";

/**
 * The families of every graph report, for the analytics parameters.
 *
 * @param options lookback, spike parameters and top N (as replay takes them)
 * @returns the families; each report is finished by exactly one
 */
export function reportFamilies(
  options: PartialOptions,
): PartialFamily<Json, GraphReportName>[] {
  return [
    salesFamily(options),
    catalogFamily(options),
    behaviorFamily(options),
    qualityFamily(),
    minutesFamily(options),
  ] as unknown as PartialFamily<Json, GraphReportName>[];
}
