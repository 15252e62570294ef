/**
 * A signal while `start` is starting (its first backfill) stops it at once with exit status 0 and
 * a line saying so, leaving no generated history behind: it died of the signal (143), silently,
 * leaving 67 MB in the temporary folder.
 */
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { tempDir } from "../temp_dir.ts";
import { MAIN } from "../pipeline/live/start_fixture.ts";

Deno.test("SIGTERM during start's first backfill stops it with 0, a line, and no history left", async () => {
  await using temp = await tempDir({ prefix: "start_signal_test_" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "start", "--port", "0", "--lake", `${temp.path}/lake`],
    env: { SHOPEASE_LOG_LEVEL: "info", KAFKA_BROKERS: "", REDIS_URL: "" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let said = "";
  while (!said.includes("generating 13 months")) {
    const { value, done } = await reader.read();
    if (done) break;
    said += value;
  }
  child.kill("SIGTERM");
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    said += value;
  }
  const status = await child.status;
  assert.equal(status.code, 0, said);
  assert.match(said, /start: SIGTERM while starting: stopped/);
  const left = [...Deno.readDirSync(tmpdir())].filter((e) =>
    e.name.startsWith(`shopease-history-${child.pid}-`)
  );
  assert.deepEqual(left, []);
});
