import assert from "node:assert/strict";
import { livePartName } from "../../../pipeline/lake/live_part_name.ts";
import { type LakeCommit, LakeRunner } from "../../../pipeline/live_lake/lake_runner.ts";

Deno.test("LakeRunner calls onCommit once a batch's range is in the lake, at the runner's clock", async () => {
  const lake = Deno.makeTempDirSync({ prefix: "lake_runner_commit_test_" });
  try {
    const commits: LakeCommit[] = [];
    const runner = new LakeRunner({
      lake,
      topics: { activity: "t.activity" },
      clean: { pseudonym: (id) => `p-${id}`, lateness: 0 },
      families: [],
      snapshots: { put: () => Promise.resolve("stored" as const) },
      now: () => 42,
      onCommit: (commit) => {
        // The range's part is visible when the callback runs.
        const name = livePartName(commit);
        Deno.statSync(`${lake}/activity/date=2019-10-01/${name}`);
        commits.push(commit);
      },
    });
    const seeks: string[] = [];
    const source = { seek: (_t: string, p: number, o: string) => void seeks.push(`${p}@${o}`) };
    await runner.assign([0], source);
    const record = (offset: number) => ({
      source: "t.activity",
      position: `t.activity/0@${offset}`,
      raw: "",
      fields: {
        event_time: "2019-10-01T00:00:00Z",
        event_type: "view",
        product_id: "p1",
        user_id: "u1",
        user_session: "s1",
        event_id: `e${offset}`,
      },
    });
    const meta = { table: "activity" as const, topic: "t.activity", partition: 0 };
    const batch = (first: number, last: number) => ({
      table: "activity" as const,
      records: Array.from({ length: last - first + 1 }, (_, i) => record(first + i)),
      quarantine: [],
      bytesRead: 0,
      bytesTotal: 0,
    });
    await runner.handle(batch(0, 2), { ...meta, firstOffset: "0", lastOffset: "2" }, source);
    // Offsets 0..2 again (a re-read) are not taken, so nothing is reported twice.
    await runner.handle(batch(0, 2), { ...meta, firstOffset: "0", lastOffset: "2" }, source);
    await runner.handle(batch(1, 4), { ...meta, firstOffset: "1", lastOffset: "4" }, source);
    assert.deepEqual(seeks, ["0@0"]);
    assert.deepEqual(commits, [
      { table: "activity", topic: "t.activity", partition: 0, first: 0, last: 2, at: 42 },
      { table: "activity", topic: "t.activity", partition: 0, first: 3, last: 4, at: 42 },
    ]);
    await runner.stop();
  } finally {
    Deno.removeSync(lake, { recursive: true });
  }
});
