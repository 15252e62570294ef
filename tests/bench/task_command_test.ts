import assert from "node:assert/strict";
import { taskCommand } from "../../bench/task_command.ts";

function config(tasks: Record<string, string>): string {
  const path = Deno.makeTempFileSync({ suffix: ".json" });
  Deno.writeTextFileSync(path, JSON.stringify({ tasks }));
  return path;
}

Deno.test("taskCommand splits a task into its variables and the arguments of deno", () => {
  const path = config({ run: "A_B=1  C=x deno run -A --v8-flags=--foo=2 main.ts replay" });
  try {
    assert.deepEqual(taskCommand("run", path), {
      env: { A_B: "1", C: "x" },
      args: ["run", "-A", "--v8-flags=--foo=2", "main.ts", "replay"],
    });
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("taskCommand refuses a missing task and one that is more than a deno command", () => {
  const path = config({ quoted: `deno eval "1"`, other: "X=1 node main.js", piped: "deno a | b" });
  try {
    assert.throws(() => taskCommand("absent", path), /no task "absent"/);
    assert.throws(() => taskCommand("quoted", path), /task quoted is more than/);
    assert.throws(() => taskCommand("piped", path), /task piped is more than/);
    assert.throws(() => taskCommand("other", path), /task other does not run deno/);
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("The compare benchmark runs the replay task as users do: deno run of main.ts replay", () => {
  const replay = taskCommand("replay");
  assert.equal(replay.args[0], "run");
  assert.deepEqual(replay.args.slice(-2), ["main.ts", "replay"]);
});
