import assert from "node:assert/strict";
import { partFileName, resetPartDir, writeFileAtomic } from "../../../pipeline/lake/part_files.ts";

Deno.test("partFileName() pads the part number to five digits", () => {
  assert.equal(partFileName(0), "part-00000.parquet");
  assert.equal(partFileName(123456), "part-123456.parquet");
});

Deno.test("resetPartDir() removes part and temporary files only, creating the directory", () => {
  const root = Deno.makeTempDirSync({ prefix: "part_files_test_" });
  try {
    const dir = `${root}/a/b`;
    resetPartDir(dir);
    for (const name of ["part-00000.parquet", ".part-00001.parquet.tmp", "keep.parquet", "x.txt"]) {
      Deno.writeTextFileSync(`${dir}/${name}`, "old");
    }
    resetPartDir(dir);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "keep.parquet",
      "x.txt",
    ]);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("writeFileAtomic() replaces the file and reports a failure with the path", () => {
  const root = Deno.makeTempDirSync({ prefix: "part_files_test_" });
  try {
    writeFileAtomic(root, "f.bin", Uint8Array.of(1));
    writeFileAtomic(root, "f.bin", Uint8Array.of(2, 3));
    assert.deepEqual(Deno.readFileSync(`${root}/f.bin`), Uint8Array.of(2, 3));
    assert.deepEqual([...Deno.readDirSync(root)].map((e) => e.name), ["f.bin"]);
    assert.throws(
      () => writeFileAtomic(`${root}/missing`, "f.bin", Uint8Array.of(1)),
      (error: Error) =>
        error.message.startsWith(`Cannot write lake file ${root}/missing/f.bin`) &&
        error.cause instanceof Deno.errors.NotFound,
    );
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
