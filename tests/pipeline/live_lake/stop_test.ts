/**
 * `consume` stopped with SIGTERM mid-stream: the reports it writes last, and the summary it
 * prints, count what the tables hold. A batch that finished while the source stopped had its
 * parts committed but no snapshot, so the tables held rows the reports never counted.
 */
import assert from "node:assert/strict";
import { readTable } from "../../../pipeline/lake/read_table.ts";
import { readReportJson } from "../../../pipeline/lake/report_writer.ts";
import { tempDir } from "../../temp_dir.ts";
import { cli, consumeArgs, deleteTopics, liveLakeCase, ROOT, SAMPLE } from "./live_lake_fixture.ts";

const TABLES = ["activity", "transactions", "inventory", "reviews"] as const;

Deno.test({
  name: "consume stopped by SIGTERM mid-stream leaves reports that count every row of its tables",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const c = await liveLakeCase("lake-stop");
    await using temp = await tempDir({ prefix: "live-lake-stop-" });
    try {
      await cli(["produce", "--input", SAMPLE, "--topic-prefix", c.prefix, "--no-progress"], c.env);
      for (const delay of [0, 400, 800]) {
        const lake = `${temp.path}/lake-${delay}`;
        const child = new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            "main.ts",
            ...consumeArgs(c, lake),
            "--group",
            `${c.group}-${delay}`,
            "--until-caught-up",
            "--max-records",
            "300",
          ],
          cwd: ROOT,
          env: c.env,
          stdout: "piped",
          stderr: "piped",
        }).spawn();
        // Stop once its first parts are in the lake, and a little later.
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline) {
          try {
            Deno.statSync(`${lake}/activity`);
            break;
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
        child.kill("SIGTERM");
        const out = await child.output();
        const said = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
        assert.equal(out.code, 0, said);
        const quality = await readReportJson(lake, "quality") as {
          source: string;
          reason: string;
          count: number;
        }[];
        for (const table of TABLES) {
          const rows = (await readTable(lake, table)).length;
          const valid = quality.find((r) => r.source === table && r.reason === "valid")?.count ?? 0;
          assert.equal(
            valid,
            rows,
            `${table} after SIGTERM +${delay} ms: report ${valid}, table ${rows}\n${said}`,
          );
        }
      }
    } finally {
      await deleteTopics(c);
    }
  },
});
