import assert from "node:assert/strict";
import { parquetMetadata } from "hyparquet";
import { LakeWriter } from "../../../pipeline/lake/lake_writer.ts";
import { STREAM_ROWS } from "../../../pipeline/lake/parquet_stream.ts";
import { readTable } from "../../../pipeline/lake/read_table.ts";
import type {
  ActivityEvent,
  AnyBatch,
  InventoryUpdate,
  QuarantineRow,
  Review,
  Transaction,
} from "../../../operators/types.ts";

const OCT_1 = Date.UTC(2019, 9, 1);
const DAY = 86_400_000;

function activity(i: number, eventTime = OCT_1 + i * 1000): ActivityEvent {
  return {
    eventId: `events.csv:${i + 2}`,
    eventTime,
    eventType: i % 4 === 0 ? "purchase" : "view",
    productId: String(1000 + i),
    categoryId: i % 3 === 0 ? null : "2053013555631882655",
    categoryCode: i % 3 === 0 ? null : "electronics.smartphone",
    brand: i % 5 === 0 ? null : i % 2 === 0 ? "samsung" : "Café Ünïcode ☕",
    price: i % 7 === 0 ? null : 10.5 + i,
    userId: `u_${i % 3}`,
    userSession: `s_${i % 4}`,
  };
}

const transaction: Transaction = {
  transactionId: "t-1",
  orderId: "o-1",
  userId: "u_1",
  productId: "p-9",
  quantity: 3,
  unitPrice: 19.99,
  unitPriceMicros: 19_990_000,
  type: "refund",
  eventTime: OCT_1 + 5,
  country: null,
  paymentMethod: "card",
};

const inventory: InventoryUpdate = {
  productId: "p-9",
  name: "Kettle",
  category: "appliances",
  brand: null,
  unitCost: 7.25,
  price: null,
  stockLevel: 42,
  change: "restock",
  warehouse: "north",
  eventTime: OCT_1 + DAY,
};

const review: Review = {
  reviewId: "r-1",
  userId: null,
  productId: "p-9",
  orderId: null,
  rating: 5,
  title: "Great 👍",
  body: null,
  eventTime: OCT_1 + 2 * DAY,
};

const badRow: QuarantineRow = {
  source: "transactions",
  position: "tx.csv:line 7",
  reason: "invalid_number:quantity",
  raw: "t-2,o-2,u,p,abc,1.00",
  eventTime: OCT_1 + 60_000,
};

const timelessRow: QuarantineRow = {
  source: "activity",
  position: "events.csv:line 9",
  reason: "invalid_timestamp",
  raw: "yesterday,view",
  eventTime: null,
};

function batch(table: AnyBatch["table"], records: object[], quarantine: QuarantineRow[] = []) {
  return { table, records, quarantine } as AnyBatch;
}

/**
 * Every file a reader sees under `dir` (relative path → bytes), sorted by path: links are
 * followed, the version store `.versions` is skipped.
 */
function snapshot(dir: string, prefix = ""): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const entries = [...Deno.readDirSync(`${dir}/${prefix}`)]
    .filter((entry) => entry.name !== ".versions")
    .sort((a, b) => a.name < b.name ? -1 : 1);
  for (const entry of entries) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (Deno.statSync(`${dir}/${path}`).isDirectory) {
      for (const [p, b] of snapshot(dir, path)) files.set(p, b);
    } else files.set(path, Deno.readFileSync(`${dir}/${path}`));
  }
  return files;
}

function withRoot(fn: (root: string) => Promise<void> | void) {
  return async () => {
    const root = Deno.makeTempDirSync({ prefix: "lake_writer_test_" });
    try {
      await fn(root);
    } finally {
      Deno.removeSync(root, { recursive: true });
    }
  };
}

function camelRow(record: ActivityEvent): Record<string, unknown> {
  return {
    event_id: record.eventId,
    event_time: new Date(record.eventTime),
    event_type: record.eventType,
    product_id: record.productId,
    category_id: record.categoryId,
    category_code: record.categoryCode,
    brand: record.brand,
    price: record.price,
    user_id: record.userId,
    user_session: record.userSession,
  };
}

/** Every behaviour holds whether Parquet is encoded on the worker or on the calling thread. */
const MODES = [["encoding on a worker", true], ["encoding inline", false]] as const;

for (const [mode, worker] of MODES) {
  Deno.test(
    `LakeWriter writes every table and hyparquet reads back the same values, types and nulls (${mode})`,
    withRoot(async (root) => {
      const events = Array.from({ length: 50 }, (_, i) => activity(i));
      const lake = new LakeWriter({ worker, root });
      lake.write(batch("activity", events.slice(0, 20), [timelessRow]));
      lake.write(batch("activity", events.slice(20)));
      lake.write(batch("transactions", [transaction], [badRow]));
      lake.write(batch("inventory", [inventory]));
      lake.write(batch("reviews", [review]));
      const summary = lake.close();

      assert.deepEqual(await readTable(root, "activity"), events.map(camelRow));
      assert.deepEqual(await readTable(root, "transactions"), [{
        transaction_id: "t-1",
        order_id: "o-1",
        user_id: "u_1",
        product_id: "p-9",
        quantity: 3,
        unit_price: 19.99,
        type: "refund",
        timestamp: new Date(OCT_1 + 5),
        country: null,
        payment_method: "card",
      }]);
      assert.deepEqual(await readTable(root, "inventory"), [{
        product_id: "p-9",
        name: "Kettle",
        category: "appliances",
        brand: null,
        unit_cost: 7.25,
        price: null,
        stock_level: 42,
        change: "restock",
        warehouse: "north",
        updated_at: new Date(OCT_1 + DAY),
      }]);
      assert.deepEqual(await readTable(root, "reviews"), [{
        review_id: "r-1",
        user_id: null,
        product_id: "p-9",
        order_id: null,
        rating: 5,
        title: "Great 👍",
        body: null,
        created_at: new Date(OCT_1 + 2 * DAY),
      }]);
      assert.deepEqual(await readTable(root, "quarantine"), [
        {
          source: "transactions",
          position: "tx.csv:line 7",
          reason: "invalid_number:quantity",
          raw: "t-2,o-2,u,p,abc,1.00",
          event_time: new Date(OCT_1 + 60_000),
        },
        {
          source: "activity",
          position: "events.csv:line 9",
          reason: "invalid_timestamp",
          raw: "yesterday,view",
          event_time: null,
        },
      ]);

      assert.equal(summary.activity.rows, 50);
      assert.equal(summary.activity.files, 1);
      assert.deepEqual(summary.quarantine, { rows: 2, files: 2 });
      assert.equal(summary.reviews.rows, 1);
    }),
  );

  Deno.test(
    `LakeWriter stores typed Parquet columns: UTC millisecond timestamps, required and optional (${mode})`,
    withRoot((root) => {
      const lake = new LakeWriter({ worker, root });
      lake.write(batch("activity", [activity(1)]));
      lake.close();
      const file = Deno.readFileSync(`${root}/activity/date=2019-10-01/part-00000.parquet`);
      const metadata = parquetMetadata(file.buffer);
      const columns = new Map(metadata.schema.slice(1).map((element) => [element.name, element]));
      assert.deepEqual([...columns.keys()], [
        "event_id",
        "event_time",
        "event_type",
        "product_id",
        "category_id",
        "category_code",
        "brand",
        "price",
        "user_id",
        "user_session",
      ]);
      const time = columns.get("event_time")!;
      assert.equal(time.type, "INT64");
      assert.deepEqual(time.logical_type, {
        type: "TIMESTAMP",
        isAdjustedToUTC: true,
        unit: "MILLIS",
      });
      assert.equal(time.repetition_type, "REQUIRED");
      assert.equal(columns.get("brand")!.repetition_type, "OPTIONAL");
      assert.equal(columns.get("price")!.type, "INT64");
      assert.deepEqual(columns.get("price")!.logical_type, {
        type: "DECIMAL",
        precision: 18,
        scale: 6,
      });
      assert.deepEqual(columns.get("user_id")!.logical_type, { type: "STRING" });
      const codecs = metadata.row_groups[0].columns.map((chunk) => chunk.meta_data!.codec);
      assert.deepEqual(new Set(codecs), new Set(["ZSTD"]));
    }),
  );

  Deno.test(
    `LakeWriter partitions rows by the UTC date of their event time (${mode})`,
    withRoot(async (root) => {
      const lake = new LakeWriter({ worker, root });
      const lastMs = activity(1, OCT_1 - 1);
      const firstMs = activity(2, OCT_1);
      const beforeEpoch = activity(3, -1);
      lake.write(batch("activity", [lastMs, firstMs, beforeEpoch], [timelessRow, badRow]));
      lake.close();
      assert.deepEqual([...snapshot(root).keys()], [
        "activity/date=1969-12-31/part-00000.parquet",
        "activity/date=2019-09-30/part-00000.parquet",
        "activity/date=2019-10-01/part-00000.parquet",
        "quarantine/date=2019-10-01/part-00000.parquet",
        "quarantine/date=__HIVE_DEFAULT_PARTITION__/part-00000.parquet",
      ]);
      const rows = await readTable(root, "activity");
      assert.deepEqual(rows.map((row) => row.event_time), [
        new Date(-1),
        new Date(OCT_1 - 1),
        new Date(OCT_1),
      ]);
    }),
  );

  Deno.test(
    `LakeWriter splits a partition into part files of maxRowsPerFile rows, in input order (${mode})`,
    withRoot(async (root) => {
      const events = Array.from({ length: 25 }, (_, i) => activity(i));
      const lake = new LakeWriter({ worker, root, maxRowsPerFile: 10 });
      lake.write(batch("activity", events.slice(0, 7)));
      lake.write(batch("activity", events.slice(7)));
      assert.deepEqual(lake.close().activity, { rows: 25, files: 3 });
      const dir = "activity/date=2019-10-01";
      assert.deepEqual([...snapshot(root).keys()], [
        `${dir}/part-00000.parquet`,
        `${dir}/part-00001.parquet`,
        `${dir}/part-00002.parquet`,
      ]);
      const counts = [0, 1, 2].map((n) =>
        parquetMetadata(Deno.readFileSync(`${root}/${dir}/part-0000${n}.parquet`).buffer).num_rows
      );
      assert.deepEqual(counts, [10n, 10n, 5n]);
      assert.deepEqual(await readTable(root, "activity"), events.map(camelRow));
    }),
  );

  Deno.test(
    `LakeWriter flushes the least recently written partition when too many are open (${mode})`,
    withRoot((root) => {
      const lake = new LakeWriter({ worker, root, maxOpenPartitions: 2 });
      const day = (d: number, i: number) => activity(i, OCT_1 + d * DAY + i);
      lake.write(batch("activity", [day(0, 0), day(1, 1)]));
      lake.write(batch("activity", [day(0, 2)])); // day 0 is now the most recently written
      lake.write(batch("activity", [day(2, 3)])); // evicts day 1, not day 0
      lake.write(batch("activity", [day(1, 4)])); // reopens day 1, evicts day 0
      lake.close();
      assert.deepEqual([...snapshot(root).keys()], [
        "activity/date=2019-10-01/part-00000.parquet",
        "activity/date=2019-10-02/part-00000.parquet",
        "activity/date=2019-10-02/part-00001.parquet",
        "activity/date=2019-10-03/part-00000.parquet",
      ]);
      const rows = (path: string) =>
        Number(parquetMetadata(Deno.readFileSync(`${root}/${path}`).buffer).num_rows);
      assert.equal(rows("activity/date=2019-10-01/part-00000.parquet"), 2);
      assert.equal(rows("activity/date=2019-10-02/part-00001.parquet"), 1);
    }),
  );

  Deno.test(
    `A batch's watermark writes the days it has passed, with the files eviction would write (${mode})`,
    withRoot((root) => {
      // Five days of events two hours apart, a few of them late but within 5 minutes.
      const events = Array.from({ length: 60 }, (_, i) => {
        const late = i % 12 === 0 && i > 0 ? -4 * 60_000 : 0;
        return activity(i, OCT_1 + i * 2 * 3_600_000 + late);
      });
      const run = (stamp: boolean) => {
        const lake = new LakeWriter({ worker, root, maxRowsPerFile: 5, maxOpenPartitions: 4 });
        let max = -Infinity;
        for (let i = 0; i < events.length; i += 7) {
          const records = events.slice(i, i + 7);
          for (const record of records) max = Math.max(max, record.eventTime);
          const stamped = { ...batch("activity", records), watermark: max - 5 * 60_000 };
          lake.write(stamp ? stamped : batch("activity", records));
        }
        return lake.close();
      };
      const evicted = run(false);
      const files = snapshot(root);
      assert.deepEqual(run(true), evicted);
      assert.deepEqual(snapshot(root), files);
    }),
  );

  Deno.test(
    `A day the watermark has passed is on disk before the run ends (${mode})`,
    withRoot((root) => {
      const lake = new LakeWriter({ worker, root });
      const staged = () => lake.stage("activity").dir;
      const exists = (path: string) => {
        lake.parts.flush(); // the worker's files are on disk once flushed
        return Deno.statSync(`${staged()}/${path}`).isFile;
      };
      const dayOne = activity(1, OCT_1 + DAY - 1);
      const dayTwo = activity(2, OCT_1 + DAY + 10 * 60_000);
      lake.write({ ...batch("activity", [dayOne]), watermark: OCT_1 + DAY - 5 * 60_000 });
      assert.throws(() => exists("date=2019-10-01/part-00000.parquet"), Deno.errors.NotFound);
      lake.write({ ...batch("activity", [dayTwo]), watermark: OCT_1 + DAY + 5 * 60_000 });
      assert.ok(exists("date=2019-10-01/part-00000.parquet"));
      assert.throws(() => exists("date=2019-10-02/part-00000.parquet"), Deno.errors.NotFound);
      assert.deepEqual(lake.close().activity, { rows: 2, files: 2 });
    }),
  );

  Deno.test(
    `flush() puts every buffered row on disk and later rows start a new part file (${mode})`,
    withRoot(async (root) => {
      const lake = new LakeWriter({ worker, root });
      lake.write(batch("activity", [activity(1)], [timelessRow]));
      lake.flush();
      assert.deepEqual([...snapshot(root).keys()], [
        "activity/date=2019-10-01/part-00000.parquet",
        "quarantine/date=__HIVE_DEFAULT_PARTITION__/part-00000.parquet",
      ]);
      lake.write(batch("activity", [activity(2)]));
      assert.deepEqual(lake.close().activity, { rows: 2, files: 2 });
      assert.deepEqual(await readTable(root, "activity"), [activity(1), activity(2)].map(camelRow));
      assert.throws(() => lake.write(batch("activity", [activity(3)])), /after close/);
    }),
  );

  Deno.test(
    `A second run over the same input leaves byte-identical files and no duplicate rows (${mode})`,
    withRoot(async (root) => {
      const events = Array.from({ length: 300 }, (_, i) => activity(i, OCT_1 + i * 600_000));
      const run = (batchSize: number) => {
        const lake = new LakeWriter({ worker, root, maxRowsPerFile: 64, maxOpenPartitions: 2 });
        for (let i = 0; i < events.length; i += batchSize) {
          lake.write(batch("activity", events.slice(i, i + batchSize), i === 0 ? [badRow] : []));
        }
        return lake.close();
      };
      run(50);
      const first = snapshot(root);
      run(50);
      assert.deepEqual(snapshot(root), first);
      run(7); // batch boundaries do not move file boundaries
      assert.deepEqual(snapshot(root), first);
      assert.equal((await readTable(root, "activity")).length, 300);
      assert.equal((await readTable(root, "quarantine")).length, 1);
    }),
  );

  Deno.test(
    `A run replaces the old part files of the partitions it writes and keeps the others (${mode})`,
    withRoot(async (root) => {
      const oct1 = Array.from({ length: 30 }, (_, i) => activity(i));
      const oct2 = activity(99, OCT_1 + DAY);
      const first = new LakeWriter({ worker, root, maxRowsPerFile: 10 });
      first.write(batch("activity", [...oct1, oct2]));
      first.close();
      const second = new LakeWriter({ worker, root, maxRowsPerFile: 10 });
      second.write(batch("activity", oct1.slice(0, 4)));
      second.close();
      assert.deepEqual([...snapshot(root).keys()], [
        "activity/date=2019-10-01/part-00000.parquet",
        "activity/date=2019-10-02/part-00000.parquet",
      ]);
      assert.deepEqual(
        await readTable(root, "activity"),
        [...oct1.slice(0, 4), oct2].map(camelRow),
      );
    }),
  );

  Deno.test(
    `LakeWriter never leaves temporary files behind, and removes those of a crashed run (${mode})`,
    withRoot((root) => {
      const dir = `${root}/activity/date=2019-10-01`;
      Deno.mkdirSync(dir, { recursive: true });
      Deno.writeTextFileSync(`${dir}/.part-00003.parquet.tmp`, "half a file");
      Deno.writeTextFileSync(`${dir}/notes.txt`, "not ours");
      const lake = new LakeWriter({ worker, root, maxRowsPerFile: 4 });
      lake.write(batch("activity", Array.from({ length: 10 }, (_, i) => activity(i))));
      lake.close();
      assert.deepEqual([...snapshot(root).keys()], [
        "activity/date=2019-10-01/notes.txt",
        "activity/date=2019-10-01/part-00000.parquet",
        "activity/date=2019-10-01/part-00001.parquet",
        "activity/date=2019-10-01/part-00002.parquet",
      ]);
    }),
  );

  Deno.test(
    `An unwritable lake root fails with an error naming the path and keeping the cause (${mode})`,
    withRoot((root) => {
      Deno.writeTextFileSync(`${root}/file`, "a file, not a directory");
      const bad = `${root}/file/lake`;
      assert.throws(() => new LakeWriter({ worker, root: bad }), (error: Error) => {
        assert.match(error.message, new RegExp(`Cannot create lake root ${bad}`));
        assert.ok(error.cause instanceof Error);
        return true;
      });
    }),
  );

  // One row, and more rows than the worker encodes at a time (asynchronously, in batches).
  for (const rows of [1, STREAM_ROWS + 1]) {
    Deno.test(
      `A part file of ${rows} row${
        rows === 1 ? "" : "s"
      } that cannot be written fails with an error naming its directory (${mode})`,
      withRoot((root) => {
        const lake = new LakeWriter({ worker, root });
        const staging = lake.stage("activity").dir;
        Deno.writeTextFileSync(`${staging}/date=2019-10-01`, "a file where a partition belongs");
        lake.write(batch("activity", Array.from({ length: rows }, (_, i) => activity(i))));
        assert.throws(() => lake.close(), (error: Error) => {
          assert.match(error.message, new RegExp(`${staging}/date=2019-10-01`));
          assert.ok(error.cause instanceof Error);
          return true;
        });
        lake.abort();
        assert.deepEqual([...snapshot(root).keys()], [], "nothing was committed");
        assert.deepEqual([...Deno.readDirSync(`${root}/.versions/activity`)], []);
      }),
    );
  }

  Deno.test(
    `A table path that is neither a directory nor a link is refused before the run writes, naming it (${mode})`,
    withRoot((root) => {
      Deno.writeTextFileSync(`${root}/activity`, "a file where the table belongs");
      // Refused at the start: at commit, the tables before it would have switched already.
      assert.throws(
        () => new LakeWriter({ worker, root }),
        new RegExp(`${root}/activity: it is neither`),
      );
      assert.equal(Deno.readTextFileSync(`${root}/activity`), "a file where the table belongs");
    }),
  );

  Deno.test(
    `LakeWriter rejects a record whose field does not fit its column, naming the column (${mode})`,
    withRoot((root) => {
      const lake = new LakeWriter({ worker, root });
      const broken = { ...activity(1), userId: null } as unknown as ActivityEvent;
      assert.throws(
        () => lake.write(batch("activity", [broken])),
        new TypeError('Lake column "user_id" (field "userId") needs a string, got null'),
      );
      const wrongPrice = { ...activity(1), price: "9.99" } as unknown as ActivityEvent;
      assert.throws(() => lake.write(batch("activity", [wrongPrice])), /"price".*got 9\.99/);
      assert.throws(() => new LakeWriter({ worker, root, maxRowsPerFile: 0 }), RangeError);
    }),
  );
}

// The worker takes a large file in pieces of STREAM_ROWS rows (the last one empty when the rows
// are a multiple of it) and writes it batch by batch; inline, it is written whole.
for (const rows of [2 * STREAM_ROWS + 1_001, 2 * STREAM_ROWS]) {
  Deno.test(
    `A part of ${rows} rows, more than the encoder takes at a time, is the same file from the worker as inline`,
    withRoot((root) => {
      // Nulls in most nullable columns but none in category_id (parquet-rs pages such a column
      // differently: see parquet_encode.ts).
      const events = Array.from(
        { length: rows },
        (_, i) => ({ ...activity(i, OCT_1 + i), categoryId: "2053013555631882655" }),
      );
      const files = [true, false].map((worker) => {
        const lake = new LakeWriter({ worker, root: `${root}/${worker}` });
        lake.write(batch("activity", events.slice(0, 5_000)));
        lake.write(batch("activity", events.slice(5_000)));
        assert.deepEqual(lake.close().activity, { rows, files: 1 });
        return snapshot(`${root}/${worker}`);
      });
      const part = "activity/date=2019-10-01/part-00000.parquet";
      const [streamed, whole] = files.map((snap) => snap.get(part));
      assert.ok(streamed !== undefined && whole !== undefined, `both lakes have ${part}`);
      assert.equal(Number(parquetMetadata(streamed.slice().buffer).num_rows), rows);
      assert.ok(
        streamed.length === whole.length && streamed.every((byte, i) => byte === whole[i]),
      );
      assert.deepEqual([...files[0].keys()], [...files[1].keys()]);
    }),
  );
}
