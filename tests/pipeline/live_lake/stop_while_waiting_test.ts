/**
 * Ctrl-C while `consume` waits for its lake's lock (a replay writes the lake): it stops there.
 * It ignored the signal, claimed the lake once the replay was done, wrote its `_lake.json` and
 * reports into the lake it had been asked to leave, and exited 0 after the wait.
 */
import assert from "node:assert/strict";
import { lockLake } from "../../../pipeline/lake/lock_lake.ts";
import { tempDir } from "../../temp_dir.ts";
import { ROOT } from "./live_lake_fixture.ts";

Deno.test("consume stopped while it waits for the lake's lock ends at once and claims nothing", async () => {
  await using temp = await tempDir({ prefix: "consume_lock_wait_" });
  const lake = `${temp.path}/lake`;
  using _replay = await lockLake(lake); // exclusive, as a replay holds it
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "consume", "--lake", lake, "--brokers", "127.0.0.1:27996"],
    cwd: ROOT,
    env: { SHOPEASE_ANON_KEY: "consume-lock-wait-key-0123456789", SHOPEASE_LOG_LEVEL: "info" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let said = "";
  while (!said.includes("waiting for it to finish")) {
    const { value, done } = await reader.read();
    if (done) break;
    said += value;
  }
  assert.match(said, /waiting for it to finish/);
  const begun = performance.now();
  child.kill("SIGINT");
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    said += value;
  }
  const status = await child.status;
  await child.stdout.cancel();
  assert.equal(status.code, 0, said);
  assert.ok(performance.now() - begun < 5_000, `stopped after ${performance.now() - begun} ms`);
  assert.deepEqual([...Deno.readDirSync(lake)].map((e) => e.name), [], "nothing claimed");
});
