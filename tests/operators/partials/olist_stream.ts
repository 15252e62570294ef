/**
 * A real-data clean stream for the partial-state law: the committed Olist slices (product
 * catalog → inventory, order reviews → reviews), each read with its preset as replay reads it.
 *
 * @module
 */

import { Subject } from "rxjs";
import type { AnyBatch, RawBatch, TableName } from "../../../operators/types.ts";
import { NATIVE_DECODERS } from "../../../operators/validate.ts";
import { DEFAULT_LATENESS_MS } from "../../../operators/watermark.ts";
import { prepareFormat } from "../../../pipeline/formats/mod.ts";
import { cleanChain } from "../../../pipeline/graph/clean_chain.ts";
import { createPseudonymizer } from "../../../pipeline/pseudonymizer.ts";
import { fileSource } from "../../../pipeline/sources/file_source.ts";

const OLIST = new URL("../../../data/real/olist/", import.meta.url).pathname;

async function cleanWith(format: string, file: string): Promise<[AnyBatch[], number]> {
  const prepared = await prepareFormat({ format }, [`${OLIST}${file}`]);
  const lateness = prepared.format.lateness ?? DEFAULT_LATENESS_MS;
  const decoders = { ...NATIVE_DECODERS, ...prepared.format.decoders() };
  const input = new Subject<RawBatch>();
  const out: AnyBatch[] = [];
  const key = new TextEncoder().encode("a test key of sixteen characters or more");
  cleanChain(input, {
    pseudonym: createPseudonymizer(key),
    lateness,
    decoders,
  }).subscribe((batch) => out.push(batch));
  for (const [table, paths] of prepared.inputs as Map<TableName, string[]>) {
    const source = fileSource({
      table,
      paths,
      batchSize: 250,
      header: prepared.format.header,
      columns: prepared.format.columns,
      knownColumns: decoders[table].fields,
    });
    for await (const batch of source) input.next(batch);
  }
  input.complete();
  return [out, lateness];
}

/**
 * The clean batches of the Olist catalog, then those of the Olist reviews, and the allowed
 * lateness their presets set (both exports are in no time order), which a split must use too.
 */
export async function olistBatches(): Promise<{ batches: AnyBatch[]; lateness: number }> {
  const [products, productLateness] = await cleanWith(
    "olist-products",
    "olist_products_sample.csv",
  );
  const [reviews, reviewLateness] = await cleanWith(
    "olist-reviews",
    "olist_order_reviews_first500.csv",
  );
  return {
    batches: [...products, ...reviews],
    lateness: Math.max(productLateness, reviewLateness),
  };
}
