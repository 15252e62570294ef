/** Old versions go once superseded for longer than the grace time; the live one never does. */
import assert from "node:assert/strict";
import { StagedVersion } from "../../../pipeline/lake/lake_versions.ts";
import { pruneVersions } from "../../../pipeline/lake/prune_versions.ts";

function commit(root: string, text: string): void {
  const stage = new StagedVersion(root, "reports");
  Deno.writeTextFileSync(`${stage.dir}/summary.json`, text);
  stage.commit({ mirror: false });
}

Deno.test("pruneVersions keeps the live version and those superseded within the grace time", () => {
  const root = Deno.makeTempDirSync();
  try {
    commit(root, "1");
    commit(root, "2");
    commit(root, "3");
    const base = `${root}/.versions/reports`;
    const versions = () => [...Deno.readDirSync(base)].map((e) => e.name).sort();
    assert.equal(versions().length, 3);
    assert.equal(pruneVersions(root, "reports", 60_000), 0); // all superseded just now
    // An hour later, the two old ones have been superseded for long enough.
    assert.equal(pruneVersions(root, "reports", 60_000, Date.now() + 3_600_000), 2);
    assert.equal(versions().length, 1);
    assert.equal(Deno.readTextFileSync(`${root}/reports/summary.json`), "3");
    // A staging directory a killed writer left is removed too, once old.
    Deno.mkdirSync(`${base}/v000009.staging`);
    assert.equal(pruneVersions(root, "reports", 60_000, Date.now() + 3_600_000), 1);
    assert.equal(Deno.readTextFileSync(`${root}/reports/summary.json`), "3");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("pruneVersions keeps the live version linked with a trailing slash, and all while it cannot tell which is live", () => {
  const root = Deno.makeTempDirSync();
  try {
    commit(root, "1");
    commit(root, "2");
    const base = `${root}/.versions/reports`;
    const versions = () => [...Deno.readDirSync(base)].map((e) => e.name).sort();
    // A hand rollback to the first version, spelled as tab completion does.
    Deno.removeSync(`${root}/reports`);
    Deno.symlinkSync(".versions/reports/v000001/", `${root}/reports`);
    assert.equal(pruneVersions(root, "reports", 60_000, Date.now() + 3_600_000), 0);
    assert.deepEqual(versions(), ["v000001", "v000002"]);
    Deno.removeSync(`${root}/reports`);
    Deno.symlinkSync("/nowhere/v000002", `${root}/reports`);
    assert.equal(pruneVersions(root, "reports", 60_000, Date.now() + 3_600_000), 0);
    assert.deepEqual(versions(), ["v000001", "v000002"]);
    Deno.removeSync(`${root}/reports`);
    Deno.symlinkSync(".versions/reports/v000002/", `${root}/reports`);
    assert.equal(pruneVersions(root, "reports", 60_000, Date.now() + 3_600_000), 1);
    assert.deepEqual(versions(), ["v000002"]);
    assert.equal(Deno.readTextFileSync(`${root}/reports/summary.json`), "2");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
