import assert from "node:assert/strict";
import { FORMAT_PRESETS } from "../../../pipeline/formats/format_presets.ts";
import { loadMapping } from "../../../pipeline/formats/load_mapping.ts";
import { formatLabels } from "../../../pipeline/kafka/format_header.ts";

Deno.test("formatLabels(): a format's own label for the tables it decodes its own way, native for the rest", async () => {
  const labels = async (name: string) =>
    formatLabels(await FORMAT_PRESETS[name].load({ files: [] }));
  const native = {
    activity: "shopease",
    transactions: "shopease",
    inventory: "shopease",
    reviews: "shopease",
  };
  assert.deepEqual(await labels("shopease"), native);
  // REES46 is read by the native activity decoder: its messages read the same either way.
  assert.deepEqual(await labels("rees46"), native);
  assert.deepEqual(await labels("online-retail"), { ...native, transactions: "online-retail" });
  assert.deepEqual(await labels("olist-reviews"), { ...native, reviews: "olist-reviews" });
  assert.deepEqual(await labels("olist-products"), { ...native, inventory: "olist-products" });
});

Deno.test("formatLabels(): a mapping's label is its content's hash, whatever its spacing or path", async () => {
  const dir = await Deno.makeTempDir({ prefix: "format_header_" });
  try {
    const mapping = {
      table: "activity",
      fields: {
        ts: "event_time",
        kind: "event_type",
        sku: "product_id",
        who: "user_id",
        visit: "user_session",
      },
    };
    const write = async (name: string, text: string) => {
      await Deno.writeTextFile(`${dir}/${name}`, text);
      return formatLabels(await loadMapping(`${dir}/${name}`)).activity;
    };
    const a = await write("a.json", JSON.stringify(mapping));
    const b = await write("b.json", JSON.stringify(mapping, null, 2));
    const other = await write(
      "c.json",
      JSON.stringify({
        ...mapping,
        fields: { ...mapping.fields, who: "user_session", visit: "user_id" },
      }),
    );
    assert.match(a, /^mapping:[0-9a-f]{12}$/);
    assert.equal(b, a);
    assert.notEqual(other, a);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
