import assert from "node:assert/strict";
import { join } from "node:path";
import { buildUi, uiIsStale } from "../../server/build_ui.ts";

Deno.test("uiIsStale() is false right after a build, true when ui/ is newer or an output is missing", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "shopease_ui_stale_" });
  try {
    assert.equal(await uiIsStale(outDir), true, "never built");
    const { gzipBytes } = await buildUi({ outDir });
    assert.ok(gzipBytes > 10_000 && gzipBytes < 150_000, `${gzipBytes} bytes gzip`);
    assert.equal(await uiIsStale(outDir), false);

    // A build older than the sources: as if a file under ui/ was edited after it.
    const past = new Date("2000-01-01T00:00:00Z");
    await Deno.utime(join(outDir, "app.js"), past, past);
    assert.equal(await uiIsStale(outDir), true);

    await buildUi({ outDir });
    assert.equal(await uiIsStale(outDir), false);
    await Deno.remove(join(outDir, "app.css"));
    assert.equal(await uiIsStale(outDir), true);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
