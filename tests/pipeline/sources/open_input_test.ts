import assert from "node:assert/strict";
import { openInput, readInput, statInput } from "../../../pipeline/sources/open_input.ts";

Deno.test("statInput() refuses a FIFO, a directory and a device, naming the path", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "open_input_test_" });
  try {
    const fifo = `${dir}/events.csv`;
    assert.ok(new Deno.Command("mkfifo", { args: [fifo] }).outputSync().success);
    // Opening the FIFO would block until a writer comes: it must be refused before.
    await assert.rejects(
      openInput(fifo),
      new Error(`Cannot read input ${fifo}: not a regular file (a FIFO)`),
    );
    await assert.rejects(statInput(dir), /not a regular file \(a directory\)/);
    await assert.rejects(
      statInput("/dev/zero"),
      /\/dev\/zero: not a regular file \(a character device\)/,
    );
    await assert.rejects(statInput(`${dir}/gone.csv`), (error: Error) => {
      assert.ok(error instanceof Deno.errors.NotFound);
      assert.equal(error.message, `input not found: ${dir}/gone.csv`);
      return true;
    });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("readInput() names the file of an I/O error and keeps the cause", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "open_input_test_" });
  try {
    // /proc/self/mem is a regular file whose offset 0 cannot be read (EIO).
    const path = `${dir}/transactions.ndjson`;
    Deno.symlinkSync("/proc/self/mem", path);
    using file = await openInput(path);
    await assert.rejects(readInput(file, path, new Uint8Array(16)), (error: Error) => {
      assert.match(error.message, new RegExp(`^Cannot read input ${path}: Input/output error`));
      assert.ok(error.cause instanceof Error);
      return true;
    });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
