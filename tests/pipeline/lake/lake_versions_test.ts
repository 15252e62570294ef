import assert from "node:assert/strict";
import { repairLake, StagedVersion, VERSIONS_DIR } from "../../../pipeline/lake/lake_versions.ts";
import { mirrorUntouched } from "../../../pipeline/lake/mirror_untouched.ts";

function withRoot(fn: (root: string) => void) {
  return () => {
    const root = Deno.makeTempDirSync({ prefix: "lake_versions_test_" });
    try {
      fn(root);
    } finally {
      Deno.removeSync(root, { recursive: true });
    }
  };
}

/** Files under `dir` as a reader sees them (links followed), relative path → text. */
function tree(dir: string, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of [...Deno.readDirSync(`${dir}/${prefix}`)]) {
    if (entry.name === VERSIONS_DIR) continue;
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (Deno.statSync(`${dir}/${path}`).isDirectory) Object.assign(out, tree(dir, path));
    else out[path] = Deno.readTextFileSync(`${dir}/${path}`);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function write(path: string, text: string): void {
  Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  Deno.writeTextFileSync(path, text);
}

function commit(root: string, files: Record<string, string>): StagedVersion {
  const stage = new StagedVersion(root, "t");
  for (const [path, text] of Object.entries(files)) write(`${stage.dir}/${path}`, text);
  stage.commit();
  return stage;
}

Deno.test(
  "StagedVersion is invisible until commit, then replaces the unit with one link",
  withRoot((root) => {
    const stage = new StagedVersion(root, "t");
    write(`${stage.dir}/date=1/part-00000.parquet`, "a");
    assert.throws(() => Deno.lstatSync(`${root}/t`), Deno.errors.NotFound);
    stage.commit();
    assert.equal(Deno.readLinkSync(`${root}/t`), `${VERSIONS_DIR}/t/v000001`);
    assert.deepEqual(tree(root), { "t/date=1/part-00000.parquet": "a" });
    assert.throws(() => stage.commit(), /already committed/);
  }),
);

Deno.test(
  "A commit keeps the partitions the run did not write and replaces those it rewrote",
  withRoot((root) => {
    commit(root, {
      "date=1/part-00000.parquet": "old 1.0",
      "date=1/part-00001.parquet": "old 1.1",
      "date=1/notes.txt": "kept beside rewritten parts",
      "date=2/part-00000.parquet": "old 2.0",
      "date=2/part-00001.parquet": "old 2.1",
    });
    commit(root, { "date=1/part-00000.parquet": "new 1.0", "date=3/part-00000.parquet": "new" });
    assert.deepEqual(tree(root), {
      "t/date=1/notes.txt": "kept beside rewritten parts",
      "t/date=1/part-00000.parquet": "new 1.0",
      "t/date=2/part-00000.parquet": "old 2.0",
      "t/date=2/part-00001.parquet": "old 2.1",
      "t/date=3/part-00000.parquet": "new",
    });
    // Untouched files are shared with the old version, not copied.
    const live = Deno.statSync(`${root}/t/date=2/part-00000.parquet`);
    const old = Deno.statSync(`${root}/${VERSIONS_DIR}/t/v000001/date=2/part-00000.parquet`);
    assert.equal(live.ino, old.ino);
  }),
);

Deno.test(
  "mirrorUntouched() keeps earlier parts of a partition the run continues (after a flush)",
  withRoot((root) => {
    write(`${root}/from/date=1/part-00000.parquet`, "flushed earlier");
    write(`${root}/from/date=1/.part-00001.parquet.tmp`, "half a file");
    write(`${root}/to/date=1/part-00001.parquet`, "written after the flush");
    mirrorUntouched(`${root}/from`, `${root}/to`);
    assert.deepEqual(tree(`${root}/to`), {
      "date=1/part-00000.parquet": "flushed earlier",
      "date=1/part-00001.parquet": "written after the flush",
    });
  }),
);

Deno.test(
  "repairLake() removes staging directories, temporary links and unreferenced versions",
  withRoot((root) => {
    commit(root, { "a/part-00000.parquet": "v1" });
    commit(root, { "a/part-00000.parquet": "v2" });
    const killed = new StagedVersion(root, "t"); // a run killed before its commit
    write(`${killed.dir}/a/part-00000.parquet`, "never committed");
    Deno.symlinkSync("nowhere", `${root}/.t.link.tmp`);
    repairLake(root, ["t", "other"]);
    assert.deepEqual([...Deno.readDirSync(`${root}/${VERSIONS_DIR}/t`)].map((e) => e.name), [
      "v000002",
    ]);
    assert.throws(() => Deno.lstatSync(`${root}/.t.link.tmp`), Deno.errors.NotFound);
    assert.deepEqual(tree(root), { "t/a/part-00000.parquet": "v2" });
    assert.equal(new StagedVersion(root, "t").dir, `${root}/${VERSIONS_DIR}/t/v000003.staging`);
  }),
);

Deno.test(
  "repairLake() puts back a link lost between the two renames of a commit, to the newest version",
  withRoot((root) => {
    commit(root, { "a/part-00000.parquet": "v1" });
    commit(root, { "a/part-00000.parquet": "v2" });
    Deno.removeSync(`${root}/t`);
    repairLake(root, ["t"]);
    assert.deepEqual(tree(root), { "t/a/part-00000.parquet": "v2" });
  }),
);

Deno.test(
  "A unit in the old layout (a plain directory) is replaced at its first commit, never before",
  withRoot((root) => {
    write(`${root}/t/date=1/part-00000.parquet`, "old 1");
    write(`${root}/t/date=2/part-00000.parquet`, "old 2");
    write(`${root}/t/date=2/.part-00001.parquet.tmp`, "left by a crash");
    repairLake(root, ["t"]);
    assert.ok(Deno.lstatSync(`${root}/t`).isDirectory, "still the plain directory");
    assert.deepEqual(tree(root), {
      "t/date=1/part-00000.parquet": "old 1",
      "t/date=2/part-00000.parquet": "old 2",
    });
    commit(root, { "date=1/part-00000.parquet": "new 1" });
    assert.ok(Deno.lstatSync(`${root}/t`).isSymlink);
    assert.deepEqual(tree(root), {
      "t/date=1/part-00000.parquet": "new 1",
      "t/date=2/part-00000.parquet": "old 2",
    });
    assert.deepEqual([...Deno.readDirSync(`${root}/${VERSIONS_DIR}/t`)].map((e) => e.name), [
      "v000001",
    ]);
  }),
);

Deno.test(
  "A discarded version leaves the live one as it was",
  withRoot((root) => {
    commit(root, { "a/part-00000.parquet": "v1" });
    const stage = new StagedVersion(root, "t");
    write(`${stage.dir}/a/part-00000.parquet`, "v2");
    stage.discard();
    assert.throws(() => Deno.statSync(stage.dir), Deno.errors.NotFound);
    assert.deepEqual(tree(root), { "t/a/part-00000.parquet": "v1" });
  }),
);

Deno.test(
  "repairLake() removes the old directory a kill inside a first migration left at the link's name",
  withRoot((root) => {
    commit(root, { "a/part-00000.parquet": "v1" });
    write(`${root}/.t.link.tmp/a/part-00000.parquet`, "the old plain directory, swapped out");
    repairLake(root, ["t"]);
    assert.throws(() => Deno.lstatSync(`${root}/.t.link.tmp`), Deno.errors.NotFound);
    assert.deepEqual(tree(root), { "t/a/part-00000.parquet": "v1" });
  }),
);

Deno.test(
  "Without FFI (no renameat2) an old-layout unit is migrated with two renames, same result",
  withRoot((root) => {
    write(`${root}/t/date=1/part-00000.parquet`, "old 1");
    write(`${root}/t/date=2/part-00000.parquet`, "old 2");
    const module = new URL("../../../pipeline/lake/lake_versions.ts", import.meta.url).href;
    const script = `
      import { StagedVersion } from ${JSON.stringify(module)};
      const stage = new StagedVersion(${JSON.stringify(root)}, "t");
      Deno.mkdirSync(stage.dir + "/date=1");
      Deno.writeTextFileSync(stage.dir + "/date=1/part-00000.parquet", "new 1");
      stage.commit();`;
    const file = Deno.makeTempFileSync({ prefix: "lake_versions_no_ffi_", suffix: ".ts" });
    try {
      Deno.writeTextFileSync(file, script);
      // No --allow-ffi: Deno.dlopen is refused and the commit takes the two-rename path.
      const out = new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-prompt", "--allow-read", "--allow-write", file],
      }).outputSync();
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
    } finally {
      Deno.removeSync(file);
    }
    assert.ok(Deno.lstatSync(`${root}/t`).isSymlink);
    assert.deepEqual(tree(root), {
      "t/date=1/part-00000.parquet": "new 1",
      "t/date=2/part-00000.parquet": "old 2",
    });
    assert.deepEqual([...Deno.readDirSync(`${root}/${VERSIONS_DIR}/t`)].map((e) => e.name), [
      "v000001",
    ]);
  }),
);

Deno.test(
  "repairLake keeps the live version whatever the link's spelling (trailing slash, ./, absolute)",
  withRoot((root) => {
    commit(root, { "a.txt": "1" });
    commit(root, { "a.txt": "2" });
    for (
      const spelling of [
        `${VERSIONS_DIR}/t/v000002/`,
        `./${VERSIONS_DIR}/t/v000002`,
        `${root}/${VERSIONS_DIR}/t/v000002`,
      ]
    ) {
      Deno.removeSync(`${root}/t`);
      Deno.symlinkSync(spelling, `${root}/t`);
      repairLake(root, ["t"]);
      assert.deepEqual(tree(root), { "t/a.txt": "2" }, spelling);
      assert.deepEqual([...Deno.readDirSync(`${root}/${VERSIONS_DIR}/t`)].map((e) => e.name), [
        "v000002",
      ]);
    }
  }),
);

Deno.test(
  "repairLake removes only the folders a writer makes, never other files in a versions folder",
  withRoot((root) => {
    commit(root, { "a.txt": "1" });
    commit(root, { "a.txt": "2" });
    const base = `${root}/${VERSIONS_DIR}/t`;
    write(`${base}/notes.txt`, "precious");
    write(`${base}/photos/a.jpg`, "x");
    Deno.mkdirSync(`${base}/v000007.staging`);
    repairLake(root, ["t"]);
    const names = [...Deno.readDirSync(base)].map((e) => e.name).sort();
    assert.deepEqual(names, ["notes.txt", "photos", "v000002"]);
  }),
);

Deno.test(
  "repairLake removes no version while the link points outside the versions or nowhere",
  withRoot((root) => {
    commit(root, { "a.txt": "1" });
    commit(root, { "a.txt": "2" });
    const base = `${root}/${VERSIONS_DIR}/t`;
    for (const target of ["/nowhere/v000002", `${VERSIONS_DIR}/t/v000009`]) {
      Deno.removeSync(`${root}/t`);
      Deno.symlinkSync(target, `${root}/t`);
      repairLake(root, ["t"]);
      const names = [...Deno.readDirSync(base)].map((e) => e.name).sort();
      assert.deepEqual(names, ["v000001", "v000002"], target);
    }
  }),
);

Deno.test(
  "repairLake restores a missing link to the highest version number, not the last in text order",
  withRoot((root) => {
    Deno.mkdirSync(`${root}/${VERSIONS_DIR}/t/v999999`, { recursive: true });
    write(`${root}/${VERSIONS_DIR}/t/v1000000/a.txt`, "newest");
    repairLake(root, ["t"]);
    assert.deepEqual(tree(root), { "t/a.txt": "newest" });
  }),
);

Deno.test(
  "repairLake refuses a unit path no commit can replace, before a run writes anything",
  withRoot((root) => {
    commit(root, { "a.txt": "1" });
    Deno.writeTextFileSync(`${root}/u`, "junk");
    assert.throws(
      () => repairLake(root, ["t", "u"]),
      new RegExp(`Cannot replace lake path ${root}/u: it is neither a directory nor a link`),
    );
  }),
);
