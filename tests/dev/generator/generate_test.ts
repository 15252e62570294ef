import assert from "node:assert/strict";
import { ACTIVITY_HEADER, generate, parseSpike } from "../../../dev/generator/generate.ts";

const FILES = [
  "activity.csv",
  "transactions.ndjson",
  "inventory.csv",
  "reviews.json",
  "manifest.json",
];

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "shopease_gen_" });
}

Deno.test("generate() writes byte-identical files for the same options", async () => {
  const a = await tempDir();
  const b = await tempDir();
  try {
    await generate({ out: a, events: 4000, seed: 7 });
    await generate({ out: b, events: 4000, seed: 7 });
    for (const name of FILES) {
      const x = await Deno.readFile(`${a}/${name}`);
      const y = await Deno.readFile(`${b}/${name}`);
      assert.ok(x.length > 0, `${name} is empty`);
      assert.deepEqual(x, y, `${name} differs between two runs`);
    }
  } finally {
    await Deno.remove(a, { recursive: true });
    await Deno.remove(b, { recursive: true });
  }
});

Deno.test("generate() gives different data for a different seed", async () => {
  const a = await tempDir();
  const b = await tempDir();
  try {
    await generate({ out: a, events: 2000, seed: 1 });
    await generate({ out: b, events: 2000, seed: 2 });
    assert.notEqual(
      await Deno.readTextFile(`${a}/activity.csv`),
      await Deno.readTextFile(`${b}/activity.csv`),
    );
  } finally {
    await Deno.remove(a, { recursive: true });
    await Deno.remove(b, { recursive: true });
  }
});

Deno.test("generate() writes exactly the requested events over 13 months, in time order", async () => {
  const dir = await tempDir();
  try {
    const progress: number[] = [];
    const m = await generate({
      out: dir,
      events: 5000,
      onProgress: (done, total) => progress.push(done / total),
    });
    const lines = (await Deno.readTextFile(`${dir}/activity.csv`)).trimEnd().split("\n");
    assert.equal(lines[0], ACTIVITY_HEADER);
    assert.equal(lines.length - 1, 5000);
    assert.equal(m.files.activity.rows, 5000);
    assert.equal(progress.at(-1), 1);
    const months = new Set(lines.slice(1).map((l) => l.slice(0, 7)));
    assert.equal(months.size, 13, `months covered: ${[...months].join(" ")}`);
    let previous = "";
    const ids = new Set<string>();
    for (const line of lines.slice(1)) {
      const f = line.split(",");
      assert.equal(f.length, 10, line);
      assert.match(f[0], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
      assert.ok(f[0] >= previous, `out of order: ${line}`);
      previous = f[0];
      assert.match(f[1], /^(view|cart|remove_from_cart|purchase)$/);
      assert.match(f[6], /^\d+\.\d\d$/);
      assert.match(f[8], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.ok(!ids.has(f[9]), `duplicate event_id ${f[9]}`);
      ids.add(f[9]);
    }
    assert.ok(m.timeRange.firstEvent >= "2024-10-01T00:00:00.000Z");
    assert.ok(m.timeRange.lastEvent <= "2025-10-31T23:59:59.000Z");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("generate() keeps a funnel: views far above carts, carts above purchases", async () => {
  const dir = await tempDir();
  try {
    const m = await generate({ out: dir, events: 20_000, faultRate: 0 });
    const t = m.stats.eventTypes;
    assert.ok(t.view > 10 * t.cart, JSON.stringify(t));
    assert.ok(t.cart > t.purchase, JSON.stringify(t));
    const conversion = m.stats.orders / m.stats.sessions;
    assert.ok(conversion > 0.015 && conversion < 0.05, `conversion ${conversion}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("generate() with fault rate 0 injects no faults", async () => {
  const dir = await tempDir();
  try {
    const m = await generate({ out: dir, events: 3000, faultRate: 0 });
    assert.deepEqual(m.faults.transactions, {});
    assert.deepEqual(m.faults.inventory, { quarantine: {}, fixes: {} });
    assert.equal(m.files.transactions.valid, m.files.transactions.rows);
    assert.equal(m.files.inventory.valid, m.files.inventory.rows);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a spike adds events of one type inside its window and leaves the rest unchanged", async () => {
  const plain = await tempDir();
  const spiked = await tempDir();
  const at = Date.UTC(2025, 5, 14, 19, 0);
  try {
    await generate({ out: plain, events: 20_000 });
    const m = await generate({
      out: spiked,
      events: 20_000,
      spike: { eventType: "view", factor: 200, at },
    });
    assert.ok(m.spike !== null && m.spike.extraEvents > 20, JSON.stringify(m.spike));
    assert.equal(m.files.activity.rows, 20_000 + m.spike.extraEvents);
    const inWindow = (line: string) =>
      line >= "2025-06-14 19:00:00" && line < "2025-06-14 19:05:00";
    const read = async (dir: string) =>
      (await Deno.readTextFile(`${dir}/activity.csv`)).trimEnd().split("\n").slice(1)
        .map((l) => l.slice(0, l.lastIndexOf(",")));
    const a = await read(plain);
    const b = await read(spiked);
    assert.deepEqual(b.filter((l) => !inWindow(l)), a.filter((l) => !inWindow(l)));
    const extra = b.filter(inWindow).length - a.filter(inWindow).length;
    assert.equal(extra, m.spike.extraEvents);
    assert.ok(b.filter(inWindow).every((l) => l.split(",")[1] === "view" || a.includes(l)));
  } finally {
    await Deno.remove(plain, { recursive: true });
    await Deno.remove(spiked, { recursive: true });
  }
});

Deno.test("generate() rejects out-of-range options naming the value", async () => {
  await assert.rejects(generate({ out: "/nonexistent", events: 0 }), /events .* got 0/);
  await assert.rejects(generate({ out: "/nonexistent", faultRate: 2 }), /fault rate .* got 2/);
  await assert.rejects(
    generate({ out: "/nonexistent", spike: { eventType: "view", factor: 3, at: 0 } }),
    /spike time .* got 0/,
  );
});

Deno.test("parseSpike() reads TYPE:FACTOR@ISO with optional minutes and rejects other text", () => {
  assert.deepEqual(parseSpike("purchase:8@2025-06-14T19:00:00Z"), {
    eventType: "purchase",
    factor: 8,
    at: Date.UTC(2025, 5, 14, 19),
  });
  assert.equal(parseSpike("view:2.5@2025-06-14T19:00:00Z/10").minutes, 10);
  assert.throws(() => parseSpike("click:3@2025-06-14T19:00:00Z"), /got "click:3@/);
  assert.throws(() => parseSpike("view:3@tomorrow"), /got "view:3@tomorrow"/);
});

Deno.test("the demo scale concentrates sales: its best product sells far more than the tenth", async () => {
  const out = await Deno.makeTempDir();
  try {
    const manifest = await generate({ out, scale: "demo", events: 60_000, seed: 7 });
    assert.equal(manifest.scale, "demo");
    assert.equal(manifest.stats.products, 40);
    const units = new Map<string, number>();
    for (const line of (await Deno.readTextFile(`${out}/transactions.ndjson`)).split("\n")) {
      if (line === "") continue;
      let row: { type?: string; product_id?: string; quantity?: unknown };
      try {
        row = JSON.parse(line);
      } catch {
        continue; // injected faults
      }
      if (row.type !== "purchase" || typeof row.quantity !== "number") continue;
      units.set(String(row.product_id), (units.get(String(row.product_id)) ?? 0) + row.quantity);
    }
    const ranked = [...units.values()].sort((a, b) => b - a);
    const total = ranked.reduce((a, b) => a + b, 0);
    assert.ok(ranked[0] / total > 0.15, `best product ${ranked[0]} of ${total} units`);
    assert.ok(ranked[0] > 4 * ranked[9], `best ${ranked[0]}, tenth ${ranked[9]}`);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
