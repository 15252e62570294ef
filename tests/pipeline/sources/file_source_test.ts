import assert from "node:assert/strict";
import type { RawBatch } from "../../../operators/types.ts";
import { fileSource, type FileSourceOptions } from "../../../pipeline/sources/file_source.ts";
import { rowsOf } from "./splitter_fixture.ts";

async function collect(options: FileSourceOptions): Promise<RawBatch[]> {
  const batches: RawBatch[] = [];
  for await (const batch of fileSource(options)) batches.push(batch);
  return batches;
}

async function withFiles(
  files: Record<string, string | Uint8Array>,
  body: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    for (const [name, content] of Object.entries(files)) {
      if (typeof content === "string") await Deno.writeTextFile(`${dir}/${name}`, content);
      else await Deno.writeFile(`${dir}/${name}`, content);
    }
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("fileSource() keeps a multibyte character whole when a read splits its bytes", async () => {
  // "é" is 2 bytes, "€" 3 and "😀" 4: chunk sizes 1..7 cut through each of them somewhere.
  const text = '\uFEFFid,name\r\n1,café €5 😀\r\n2,"naïve\r\n€"\r\n';
  await withFiles({ "a.csv": text }, async (dir) => {
    for (let chunkSize = 1; chunkSize <= 7; chunkSize++) {
      const rows = rowsOf(
        await collect({ table: "activity", paths: [`${dir}/a.csv`], chunkSize, header: true }),
      );
      assert.deepEqual(rows, [
        { position: "a.csv:line 2", raw: "1,café €5 😀", fields: { id: "1", name: "café €5 😀" } },
        {
          position: "a.csv:line 3",
          raw: '2,"naïve\r\n€"',
          fields: { id: "2", name: "naïve\r\n€" },
        },
      ], `chunkSize ${chunkSize}`);
    }
  });
});

Deno.test("fileSource() reads several files of one table in the given order as one source", async () => {
  await withFiles({ "activity-1.csv": "id\n1\n2\n", "activity-2.csv": "id\n3\n" }, async (dir) => {
    const paths = [`${dir}/activity-1.csv`, `${dir}/activity-2.csv`];
    const batches = await collect({ table: "activity", paths, batchSize: 2, header: true });
    assert.deepEqual(batches.map((b) => b.records.map((r) => r.position)), [
      ["activity-1.csv:line 2", "activity-1.csv:line 3"],
      ["activity-2.csv:line 2"],
    ]);
    assert.ok(batches.every((b) => b.table === "activity" && b.records[0].source === "activity"));
  });
});

Deno.test("fileSource() cuts batches of batchSize rows counting quarantine rows", async () => {
  await withFiles({ "t.ndjson": '{"a":1}\nbad\n{"a":2}\n{"a":3}\nbad\n' }, async (dir) => {
    const batches = await collect({
      table: "transactions",
      paths: [`${dir}/t.ndjson`],
      batchSize: 2,
      chunkSize: 4,
    });
    assert.deepEqual(batches.map((b) => b.records.length + b.quarantine.length), [2, 2, 1]);
    assert.deepEqual(batches.flatMap((b) => b.quarantine.map((q) => q.position)), [
      "t.ndjson:line 2, byte 8",
      "t.ndjson:line 5, byte 28",
    ]);
  });
});

Deno.test("fileSource() reports bytes read against the total of all files", async () => {
  await withFiles({ "a.csv": "id\n1\n2\n3\n", "b.csv": "id\n4\n" }, async (dir) => {
    const batches = await collect({
      table: "activity",
      paths: [`${dir}/a.csv`, `${dir}/b.csv`],
      batchSize: 1,
      chunkSize: 2,
      header: true,
    });
    assert.ok(batches.every((b) => b.bytesTotal === 14));
    const read = batches.map((b) => b.bytesRead);
    assert.deepEqual(read, [...read].sort((x, y) => x - y), "bytesRead never goes back");
    assert.equal(read.at(-1), 14);
  });
});

Deno.test("fileSource() sniffs a .json file: a JSON array, or NDJSON", async () => {
  await withFiles({
    "r.json": '  \n [{"review_id":"r1"}, {"review_id":',
    "n.json": '{"review_id":"r2"}\n{"review_id":"r3"}\n',
  }, async (dir) => {
    for (let chunkSize = 1; chunkSize <= 3; chunkSize++) {
      const arr = rowsOf(await collect({ table: "reviews", paths: [`${dir}/r.json`], chunkSize }));
      assert.deepEqual(arr.map((r) => [r.position, r.reason ?? "ok"]), [
        ["r.json:element 0", "ok"],
        ["r.json:element 1", "malformed_json"],
      ]);
    }
    const nd = rowsOf(await collect({ table: "reviews", paths: [`${dir}/n.json`] }));
    assert.deepEqual(nd.map((r) => r.position), ["n.json:line 1", "n.json:line 2"]);
  });
});

Deno.test("fileSource() reads .jsonl as NDJSON and an empty file as nothing", async () => {
  await withFiles(
    { "t.jsonl": '{"a":1}\n', "empty.json": "", "blank.csv": "\n\n" },
    async (dir) => {
      const rows = rowsOf(
        await collect({
          table: "transactions",
          paths: [`${dir}/t.jsonl`, `${dir}/empty.json`, `${dir}/blank.csv`],
        }),
      );
      assert.deepEqual(rows.map((r) => r.fields), [{ a: 1 }]);
    },
  );
});

Deno.test("fileSource() fails naming a file that does not exist", async () => {
  await assert.rejects(
    collect({ table: "activity", paths: ["/nonexistent/activity.csv"] }),
    (error: Error) =>
      error instanceof Deno.errors.NotFound && error.message.includes("/nonexistent/activity.csv"),
  );
});

Deno.test("fileSource() closes the file when the consumer stops early", async () => {
  await withFiles({ "a.csv": "id\n" + "1\n".repeat(100) }, async (dir) => {
    for await (
      const batch of fileSource({
        table: "activity",
        paths: [`${dir}/a.csv`],
        batchSize: 10,
        header: true,
      })
    ) {
      assert.equal(batch.records.length, 10);
      break;
    }
    // Leaked file resources would fail Deno's resource sanitizer for this test.
  });
});

Deno.test("fileSource() gives a row kept without text its byte offset, whatever the reads", async () => {
  const csv = '\uFEFFid,name\r\n1,café €5 😀\r\n2,naïve,extra\r\n3,"€ stray\r\n4,ok\r\n';
  const ndjson = '{"a":"é"}\n€ bad\n{"b":"😀"}\n{"c":\n';
  const at = (text: string, from: string) =>
    new TextEncoder().encode(text.slice(0, text.indexOf(from))).length;
  await withFiles({ "a.csv": csv, "t.ndjson": ndjson }, async (dir) => {
    for (const chunkSize of [1, 2, 3, 4, 5, 7, 1024]) {
      const a = rowsOf(
        await collect({ table: "activity", paths: [`${dir}/a.csv`], chunkSize, header: true }),
      );
      assert.deepEqual(a.filter((r) => r.reason).map((r) => r.position), [
        `a.csv:line 3, byte ${at(csv, "2,na")}`,
        `a.csv:line 4, byte ${at(csv, "3,")}`,
      ], `chunkSize ${chunkSize}`);
      const t = rowsOf(
        await collect({ table: "transactions", paths: [`${dir}/t.ndjson`], chunkSize }),
      );
      assert.deepEqual(t.filter((r) => r.reason).map((r) => r.position), [
        `t.ndjson:line 2, byte ${at(ndjson, "€ bad")}`,
        `t.ndjson:line 4, byte ${at(ndjson, '{"c"')}`,
      ], `chunkSize ${chunkSize}`);
    }
  });
});

Deno.test("fileSource() reads a UTF-16 file after its BOM, as spreadsheets export tab-separated text", async () => {
  const text = "\uFEFFUser Id\tBrand\r\nu1\tcafé €\r\n";
  const le = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    le[2 * i] = text.charCodeAt(i) & 0xff;
    le[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  const be = le.map((_, i) => le[i ^ 1]);
  await withFiles({ "le.csv": le, "be.csv": be }, async (dir) => {
    for (const name of ["le.csv", "be.csv"]) {
      for (const chunkSize of [1, 3, 1024]) {
        const rows = rowsOf(
          await collect({ table: "activity", paths: [`${dir}/${name}`], chunkSize }),
        );
        assert.deepEqual(rows.map((r) => r.fields), [{ user_id: "u1", brand: "café €" }], name);
      }
    }
  });
});
