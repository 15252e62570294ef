import assert from "node:assert/strict";

const main = new URL("../../main.ts", import.meta.url).pathname;

async function compact(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, "compact", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("deno task compact on a missing lake fails with one line naming it", async () => {
  const lake = `${await Deno.makeTempDir()}/nowhere`;
  const run = await compact(["--lake", lake]);
  assert.equal(run.code, 1);
  assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
  assert.match(run.stderr, new RegExp(`^error: Cannot compact lake ${lake}: `));
  await Deno.remove(lake.slice(0, lake.lastIndexOf("/")), { recursive: true });
});

Deno.test("deno task compact --table refuses a table the lake does not have", async () => {
  const run = await compact(["--table", "orders"]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /orders/);
});

Deno.test("deno task compact on a lake without live parts changes nothing", async () => {
  const lake = await Deno.makeTempDir();
  try {
    const run = await compact(["--lake", lake, "--table", "reviews"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "reviews      0 parts → 0 (0 rows)\n");
    assert.deepEqual([...Deno.readDirSync(lake)], [], "nothing created in the lake");
  } finally {
    await Deno.remove(lake, { recursive: true });
  }
});
