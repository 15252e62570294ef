import assert from "node:assert/strict";
import { CATEGORIES, CATEGORY_SYNONYMS } from "../../../operators/categories.ts";
import { generate, type Manifest } from "../../../dev/generator/generate.ts";

// One generated data set, re-read with simple checks written independently of the generator.
const dir = await Deno.makeTempDir({ prefix: "shopease_gen_" });
const manifest: Manifest = await generate({ out: dir, events: 12_000, seed: 5 });
const activity = (await Deno.readTextFile(`${dir}/activity.csv`)).trimEnd().split("\n").slice(1)
  .map((l) => l.split(","));
const txLines = (await Deno.readTextFile(`${dir}/transactions.ndjson`)).split("\n").filter((l) =>
  l !== ""
);
const inventoryText = (await Deno.readTextFile(`${dir}/inventory.csv`)).trimEnd().split("\n");
const reviewsText = await Deno.readTextFile(`${dir}/reviews.json`);
await Deno.remove(dir, { recursive: true });

const TX_FIELDS = [
  "transaction_id",
  "order_id",
  "user_id",
  "product_id",
  "quantity",
  "unit_price",
  "type",
  "timestamp",
];

/** The validator's rules for a transaction line, in its order; null for a clean line. */
function transactionReason(line: string, seen: Set<string>): string | null {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line);
  } catch {
    return "malformed_json";
  }
  for (const f of TX_FIELDS) {
    if (o[f] === undefined || o[f] === null || o[f] === "") return `missing_field:${f}`;
  }
  const q = Number(o.quantity);
  if (typeof o.quantity !== "number" && !(typeof o.quantity === "string" && Number.isFinite(q))) {
    return "invalid_number:quantity";
  }
  if (!Number.isInteger(q) || q <= 0) return "invalid_quantity";
  const p = Number(o.unit_price);
  if (
    typeof o.unit_price !== "number" && !(typeof o.unit_price === "string" && Number.isFinite(p))
  ) {
    return "invalid_number:unit_price";
  }
  if (!(p > 0)) return "invalid_price";
  if (!["purchase", "refund", "return"].includes(o.type as string)) return "unknown_type";
  if (
    !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(o.timestamp as string) ||
    Number.isNaN(Date.parse(o.timestamp as string))
  ) {
    return "invalid_timestamp";
  }
  if (seen.has(o.transaction_id as string)) return "duplicate_id";
  seen.add(o.transaction_id as string);
  return null;
}

interface Tx {
  transaction_id: string;
  order_id: string;
  user_id: string;
  product_id: string;
  quantity: number;
  unit_price: number;
  type: string;
  timestamp: string;
}

const seen = new Set<string>();
const txReasons: Record<string, number> = {};
const clean: Tx[] = [];
for (const line of txLines) {
  const reason = transactionReason(line, seen);
  if (reason === null) clean.push(JSON.parse(line));
  else txReasons[reason] = (txReasons[reason] ?? 0) + 1;
}

/** Splits one CSV line, honouring double quotes (inventory rows have no embedded newlines). */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') field += line[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(field);
      field = "";
    } else field += c;
  }
  out.push(field);
  return out;
}

const normalize = (s: string) => s.normalize("NFKC").trim().replace(/\s+/g, " ");
const PLAIN_TIME = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/;

function validTime(s: string): boolean {
  const m = PLAIN_TIME.exec(s);
  if (!m) return false;
  const d = new Date(s.replace(" ", "T") + "Z");
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 19) === s.replace(" ", "T");
}

/** Classifies an inventory row: a quarantine reason, a fix kind, or null; asserts at most one issue. */
function inventoryIssue(f: string[]): { quarantine?: string; fix?: string } {
  const issues: { quarantine?: string; fix?: string }[] = [];
  if (f[0] === "") issues.push({ quarantine: "missing_field:product_id" });
  if (!validTime(f[9])) issues.push({ quarantine: "invalid_timestamp" });
  if (normalize(f[1]) !== f[1] || normalize(f[3]) !== f[3]) issues.push({ fix: "text_normalized" });
  if (f[2] === "") issues.push({ fix: "missing_category" });
  else if (!(CATEGORIES as readonly string[]).includes(f[2])) {
    assert.ok(CATEGORY_SYNONYMS[normalize(f[2]).toLowerCase()], `unknown category ${f[2]}`);
    issues.push({ fix: "category_synonym" });
  }
  if (f[5].startsWith("$")) issues.push({ fix: "price_parsed" });
  else assert.match(f[5], /^\d+\.\d\d$/);
  if (f[6] === "") issues.push({ fix: "missing_stock_level" });
  assert.ok(issues.length <= 1, `more than one fault in ${f.join(",")}`);
  return issues[0] ?? {};
}

Deno.test("manifest transaction fault counts equal the faults found by re-reading the file", () => {
  assert.deepEqual(txReasons, manifest.faults.transactions);
  assert.equal(Object.keys(txReasons).length, 10, "every fault kind appears at least once");
  assert.equal(manifest.files.transactions.rows, txLines.length);
  assert.equal(manifest.files.transactions.valid, clean.length);
});

Deno.test("manifest inventory fault counts equal the messy and quarantined rows in the file", () => {
  assert.equal(
    inventoryText[0],
    "product_id,name,category,brand,unit_cost,price,stock_level,change,warehouse,updated_at",
  );
  const quarantine: Record<string, number> = {};
  const fixes: Record<string, number> = {};
  let previous = "";
  for (const line of inventoryText.slice(1)) {
    const f = splitCsv(line);
    assert.equal(f.length, 10, line);
    if (validTime(f[9])) {
      assert.ok(f[9] >= previous, `out of time order: ${line}`);
      previous = f[9];
    }
    assert.match(f[7], /^(snapshot|restock|adjustment|info)$/);
    const issue = inventoryIssue(f);
    if (issue.quarantine) quarantine[issue.quarantine] = (quarantine[issue.quarantine] ?? 0) + 1;
    if (issue.fix) fixes[issue.fix] = (fixes[issue.fix] ?? 0) + 1;
  }
  assert.deepEqual({ quarantine, fixes }, manifest.faults.inventory);
  assert.equal(Object.keys(fixes).length + Object.keys(quarantine).length, 7);
  assert.equal(manifest.files.inventory.rows, inventoryText.length - 1);
});

Deno.test("every purchase event has its transaction line and every purchase line its event", () => {
  const key = (user: string, product: string, iso: string) => `${user}|${product}|${iso}`;
  const events = activity.filter((f) => f[1] === "purchase")
    .map((f) => key(f[7], f[2], f[0].replace(" UTC", "").replace(" ", "T") + ".000Z")).sort();
  const lines = clean.filter((t) => t.type === "purchase").map((t) =>
    key(t.user_id, t.product_id, t.timestamp)
  ).sort();
  assert.ok(events.length > 50, `only ${events.length} purchases`);
  assert.deepEqual(lines, events);
});

Deno.test("refunds and returns follow an earlier purchase of the same order line", () => {
  const purchases = new Map(
    clean.filter((t) => t.type === "purchase").map((t) => [`${t.order_id}|${t.product_id}`, t]),
  );
  const later = clean.filter((t) => t.type !== "purchase");
  assert.ok(later.length > 0, "no refunds or returns");
  for (const t of later) {
    const p = purchases.get(`${t.order_id}|${t.product_id}`);
    assert.ok(p, `no purchase for ${JSON.stringify(t)}`);
    assert.equal(t.user_id, p.user_id);
    assert.ok(t.timestamp > p.timestamp && t.quantity <= p.quantity, JSON.stringify([t, p]));
  }
  for (let i = 1; i < clean.length; i++) {
    assert.ok(clean[i].timestamp >= clean[i - 1].timestamp, clean[i].transaction_id);
  }
});

Deno.test("stock levels fall by exactly the units sold and rise only with restocks", () => {
  const sales = new Map<string, { time: string; quantity: number }[]>();
  for (const t of clean) {
    if (t.type !== "purchase") continue;
    const list = sales.get(t.product_id) ?? [];
    list.push({ time: t.timestamp.slice(0, 19).replace("T", " "), quantity: t.quantity });
    sales.set(t.product_id, list);
  }
  const last = new Map<string, { time: string; level: number }>();
  let checked = 0;
  for (const line of inventoryText.slice(1)) {
    const f = splitCsv(line);
    if (f[0] === "" || !validTime(f[9])) continue;
    const prev = last.get(f[0]);
    const level = f[6] === "" ? prev!.level : Number(f[6]);
    assert.ok(Number.isInteger(level) && level >= 0, line);
    if (prev) {
      const sold = (sales.get(f[0]) ?? []).filter((s) => s.time > prev.time && s.time <= f[9])
        .reduce((n, s) => n + s.quantity, 0);
      if (f[7] === "restock") assert.ok(level > prev.level - sold, line);
      else assert.equal(level, prev.level - sold, `${line} after ${JSON.stringify(prev)}`);
      checked++;
    } else assert.equal(f[7], "snapshot", `first row of a product is not a snapshot: ${line}`);
    last.set(f[0], { time: f[9], level });
  }
  assert.ok(checked > 1000);
});

Deno.test("reviews.json is one array of reviews that follow a purchase by 1 to 20 days", () => {
  const reviews = JSON.parse(reviewsText);
  assert.ok(Array.isArray(reviews) && reviews.length > 5);
  assert.equal(reviews.length, manifest.files.reviews.rows);
  const purchases = new Map(
    clean.filter((t) => t.type === "purchase").map((t) => [`${t.order_id}|${t.product_id}`, t]),
  );
  for (const r of reviews) {
    const p = purchases.get(`${r.order_id}|${r.product_id}`);
    assert.ok(p && p.user_id === r.user_id, JSON.stringify(r));
    const days = (Date.parse(r.created_at) - Date.parse(p.timestamp)) / 86_400_000;
    assert.ok(days >= 1 && days <= 20, `${days} days: ${JSON.stringify(r)}`);
    assert.ok(Number.isInteger(r.rating) && r.rating >= 1 && r.rating <= 5);
    assert.ok(r.title === null || typeof r.title === "string");
  }
});
