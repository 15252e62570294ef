import assert from "node:assert/strict";
import { childAlive } from "../../../dev/services/kafka_broker.ts";
import { waitUntil } from "../../../dev/services/process_control.ts";

Deno.test("childAlive() follows the spawned child's own status, from before its exec to its exit", async () => {
  // Spawned as startKafka does: detached, unref'd, through `sh -c exec`.
  const child = new Deno.Command("sh", {
    args: ["-c", 'exec "$@"', "sh", "sleep", "0.5"],
    stdin: "null",
    stdout: "null",
    stderr: "null",
    detached: true,
  }).spawn();
  child.unref();
  const alive = childAlive(child);
  // Right after spawn the child may not have exec'd yet: its /proc cmdline is still ours.
  assert.equal(alive(), true);
  assert.ok(await waitUntil(() => !alive(), 5_000, 20), "the exit was never seen");
  assert.equal((await child.status).success, true);
});
