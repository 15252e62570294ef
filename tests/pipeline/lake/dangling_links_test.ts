import assert from "node:assert/strict";
import { tempDir } from "../../temp_dir.ts";
import { danglingLinks, danglingText } from "../../../pipeline/lake/dangling_links.ts";

Deno.test("danglingLinks() lists the links to nothing, reports first, and no other entry", async () => {
  await using temp = await tempDir({ prefix: "dangling_links_test_" });
  const lake = temp.path;
  await Deno.mkdir(`${lake}/.versions/activity/v000001`, { recursive: true });
  await Deno.symlink(".versions/activity/v000001", `${lake}/activity`); // resolves
  await Deno.symlink(".versions/reviews/v000002", `${lake}/reviews`);
  await Deno.symlink(".versions/reports/v000001", `${lake}/reports`);
  await Deno.mkdir(`${lake}/quarantine`); // a folder, not a link
  await Deno.symlink("nowhere", `${lake}/other`); // not a lake entry
  const links = await danglingLinks(lake);
  assert.deepEqual(links, [
    { name: "reports", path: `${lake}/reports`, target: ".versions/reports/v000001" },
    { name: "reviews", path: `${lake}/reviews`, target: ".versions/reviews/v000002" },
  ]);
  assert.equal(
    danglingText(links[0]),
    `${lake}/reports links to .versions/reports/v000001, which is missing`,
  );
  assert.deepEqual(await danglingLinks(`${lake}/none`), []);
});
