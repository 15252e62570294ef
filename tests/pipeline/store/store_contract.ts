/**
 * The MetricsStore contract as tests, run against every implementation by
 * `memory_store_test.ts` and `redis_store_test.ts`.
 */
import assert from "node:assert/strict";
import type { StoredAlert } from "../../../pipeline/store/metrics_store.ts";
import type { MetricsStore, WindowValue } from "../../../pipeline/store/metrics_store.ts";

/** Opens a fresh, empty store; the suite closes it. */
export type OpenStore = () => Promise<MetricsStore>;

const M0 = "2024-03-01T10:00:00.000Z";
const M1 = "2024-03-01T10:01:00.000Z";
const M2 = "2024-03-01T10:02:00.000Z";

function counts(partition: number, minute: string, view: number, purchase: number): WindowValue {
  return {
    metric: "event_counts",
    partition,
    minute,
    value: { view, cart: 0, remove_from_cart: 0, purchase },
  };
}

function alert(id: string, state: "firing" | "resolved", count = 50): StoredAlert {
  return { id, event_type: "purchase", minute: M1, count, baseline: 5, zscore: 9, state };
}

async function using(open: OpenStore, fn: (store: MetricsStore) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * Registers the contract tests for one implementation.
 *
 * @param name the implementation, used in test names
 * @param open opens a fresh store
 * @param options extra Deno.test settings (sanitizers)
 */
export function storeContract(
  name: string,
  open: OpenStore,
  options: Partial<Deno.TestDefinition> = {},
): void {
  const test = (title: string, fn: (store: MetricsStore) => Promise<void>) =>
    Deno.test({ name: `${name}: ${title}`, ...options, fn: () => using(open, fn) });

  test("queryMinutes() sums the partitions of each minute into report rows, in minute order", async (store) => {
    await store.commitWindows({
      group: "g",
      partitions: [{ partition: 0, offset: "10" }, { partition: 1, offset: "7" }],
      rows: [
        { metric: "active_users", partition: 1, minute: M1, value: { active_users: 4 } },
        { metric: "active_users", partition: 0, minute: M1, value: { active_users: 3 } },
        { metric: "active_users", partition: 0, minute: M0, value: { active_users: 2 } },
        {
          metric: "conversion",
          partition: 0,
          minute: M0,
          value: { sessions: 2, converted_sessions: 1, rate: 0.5 },
        },
        {
          metric: "conversion",
          partition: 1,
          minute: M0,
          value: { sessions: 1, converted_sessions: 0 },
        },
        counts(0, M0, 5, 1),
        counts(1, M0, 2, 0),
      ],
    });
    assert.deepEqual(await store.queryMinutes("active_users", M0, M2), [
      { minute: M0, active_users: 2 },
      { minute: M1, active_users: 7 },
    ]);
    assert.deepEqual(await store.queryMinutes("active_users", M1, M1), [{
      minute: M1,
      active_users: 7,
    }]);
    assert.deepEqual(await store.queryMinutes("conversion", M0, M0), [
      { minute: M0, sessions: 3, converted_sessions: 1, rate: 0.333333 },
    ]);
    assert.deepEqual(await store.queryMinutes("event_counts", M0, M1), [
      { minute: M0, event_type: "view", count: 7 },
      { minute: M0, event_type: "cart", count: 0 },
      { minute: M0, event_type: "remove_from_cart", count: 0 },
      { minute: M0, event_type: "purchase", count: 1 },
    ]);
    assert.deepEqual(await store.queryMinutes("event_counts", M1, M2), []);
  });

  test("commitWindows() replaces a partition's minute instead of adding, so a re-commit does not double count", async (store) => {
    const update = {
      group: "g",
      partitions: [{ partition: 0, offset: "100" }],
      rows: [counts(0, M0, 5, 1)],
    };
    await store.commitWindows(update);
    await store.commitWindows(update);
    assert.deepEqual(
      (await store.queryMinutes("event_counts", M0, M0)).map((r) => r.count),
      [5, 0, 0, 1],
    );
    await store.commitWindows({
      group: "g",
      partitions: [{ partition: 0, offset: "120" }],
      rows: [counts(0, M0, 6, 2)],
    });
    assert.deepEqual(
      (await store.queryMinutes("event_counts", M0, M0)).map((r) => r.count),
      [6, 0, 0, 2],
    );
  });

  test("commitWindows() stores each group's offsets with the results", async (store) => {
    assert.deepEqual(await store.appliedOffsets("g"), {});
    await store.commitWindows({
      group: "g",
      partitions: [{ partition: 0, offset: "10" }, { partition: 3, offset: "4" }],
      rows: [],
    });
    await store.commitWindows({
      group: "g",
      partitions: [{ partition: 0, offset: "25" }],
      rows: [counts(0, M0, 1, 0)],
    });
    await store.commitWindows({
      group: "other",
      partitions: [{ partition: 0, offset: "1" }],
      rows: [],
    });
    assert.deepEqual(await store.appliedOffsets("g"), { 0: "25", 3: "4" });
    assert.deepEqual(await store.appliedOffsets("other"), { 0: "1" });
  });

  test("commitWindows() with a bad row rejects and stores nothing, neither values nor offsets", async (store) => {
    await assert.rejects(
      store.commitWindows({
        group: "g",
        partitions: [{ partition: 0, offset: "9" }],
        rows: [counts(0, M0, 1, 0), {
          metric: "active_users",
          partition: 0,
          minute: M0,
          value: { users: 1 },
        }],
      }),
      /active_users has no value "users"/,
    );
    await assert.rejects(
      store.commitWindows({
        group: "g",
        partitions: [{ partition: 0, offset: "x" }],
        rows: [counts(0, M0, 1, 0)],
      }),
      /offset of partition 0 must be a decimal string; got "x"/,
    );
    assert.deepEqual(await store.queryMinutes("event_counts", M0, M2), []);
    assert.deepEqual(await store.appliedOffsets("g"), {});
  });

  test("commitWindows() keeps a partition's full progress and reads it back with the epoch", async (store) => {
    const epoch = await store.claimEpoch();
    assert.equal(await store.claimEpoch(), epoch, "claiming again keeps the epoch");
    const progress = {
      partition: 2,
      offset: "40",
      processed: "55",
      watermark: 1709287200000,
      resumeWatermark: null,
      heartbeats: [["50", 1709287100000]] as [string, number][],
      quality: { valid: 50, late: 4, malformed_json: 1 },
    };
    assert.equal(
      await store.commitWindows({
        group: "g",
        epoch,
        partitions: [progress],
        rows: [counts(2, M0, 3, 0)],
      }),
      "committed",
    );
    const read = await store.readProgress("g");
    assert.equal(read.epoch, epoch);
    assert.deepEqual(read.partitions.get(2), progress);
    assert.deepEqual(await store.appliedOffsets("g"), { 2: "40" });
    assert.equal((await store.readProgress("other")).partitions.size, 0);
  });

  test("commitWindows() refuses progress behind the stored one, and a wrong epoch, writing nothing", async (store) => {
    const epoch = await store.claimEpoch();
    const at = (processed: string, watermark: number | null, view: number) => ({
      group: "g",
      epoch,
      partitions: [{ partition: 0, offset: "0", processed, watermark }],
      rows: [counts(0, M0, view, 0)],
    });
    assert.equal(await store.commitWindows(at("100", 5000, 1)), "committed");
    assert.equal(await store.commitWindows(at("90", 9000, 2)), "stale");
    assert.equal(await store.commitWindows(at("100", 4000, 3)), "stale");
    assert.equal(
      await store.commitWindows({ ...at("200", 9000, 4), epoch: "not-the-epoch" }),
      "reset",
    );
    assert.deepEqual((await store.queryMinutes("event_counts", M0, M0)).map((r) => r.count), [
      1,
      0,
      0,
      0,
    ]);
    assert.equal((await store.readProgress("g")).partitions.get(0)?.processed, "100");
    assert.equal(
      await store.commitWindows(at("100", 6000, 5)),
      "committed",
      "same offset, later watermark",
    );
    assert.equal(await store.commitWindows(at("150", null, 6)), "committed");
    assert.deepEqual((await store.queryMinutes("event_counts", M0, M0)).map((r) => r.count), [
      6,
      0,
      0,
      0,
    ]);
  });

  test("commitWindows() takes a later stream at lower offsets, refuses an older one, and sums their values", async (store) => {
    const epoch = await store.claimEpoch();
    const at = (stream: number | undefined, processed: string, view: number) => ({
      group: "g",
      epoch,
      partitions: [{ partition: 0, offset: processed, processed, watermark: 5000, stream }],
      rows: [{ ...counts(0, M0, view, 0), stream }],
    });
    assert.equal(await store.commitWindows(at(undefined, "1886", 7)), "committed");
    assert.equal(await store.commitWindows(at(1, "0", 0)), "committed", "the topic re-created");
    assert.equal(await store.commitWindows(at(1, "40", 3)), "committed");
    assert.equal(await store.commitWindows(at(0, "2000", 100)), "stale", "the old topic's");
    assert.equal(await store.commitWindows(at(1, "30", 100)), "stale");
    assert.equal((await store.readProgress("g")).partitions.get(0)?.processed, "40");
    assert.equal((await store.readProgress("g")).partitions.get(0)?.stream, 1);
    const [views] = await store.queryMinutes("event_counts", M0, M0);
    assert.equal(views.count, 10, "each stream's value kept");
  });

  test("publishAlert() keeps each alert id and state once, newest first, and tells subscribers", async (store) => {
    const seen: StoredAlert[] = [];
    const subscription = store.subscribeAlerts((row) => seen.push(row));
    await subscription.ready;
    assert.equal(await store.publishAlert(alert("purchase:a", "firing")), true);
    assert.equal(await store.publishAlert(alert("purchase:a", "firing", 99)), false);
    assert.equal(await store.publishAlert(alert("purchase:a", "resolved")), true);
    assert.deepEqual((await store.alerts(10)).map((a) => `${a.id} ${a.state} ${a.count}`), [
      "purchase:a resolved 50",
      "purchase:a firing 50",
    ]);
    assert.deepEqual((await store.alerts(1)).map((a) => a.state), ["resolved"]);
    const deadline = Date.now() + 5_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(seen.map((a) => a.state), ["firing", "resolved"]);
    subscription();
    await store.publishAlert(alert("purchase:b", "firing"));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(seen.length, 2);
  });

  test("alerts() keeps only the latest 1000 alerts", async (store) => {
    for (let i = 0; i < 1005; i++) await store.publishAlert(alert(`view:${i}`, "firing"));
    const kept = await store.alerts(2000);
    assert.equal(kept.length, 1000);
    assert.equal(kept[0].id, "view:1004");
    assert.equal(kept[999].id, "view:5");
  });

  test("setGauge() values read back by getGauges()", async (store) => {
    await store.setGauge("events_in", 1200);
    await store.setGauge("lag", 3);
    await store.setGauge("lag", 0);
    await store.setGauge("watermark", 1709287260000);
    assert.deepEqual(await store.getGauges(), {
      events_in: 1200,
      lag: 0,
      watermark: 1709287260000,
    });
  });
}
