import assert from "node:assert/strict";
import { safeUrl } from "../../../pipeline/store/safe_url.ts";
import { RedisStore } from "../../../pipeline/store/redis_store.ts";

Deno.test("safeUrl() hides a URL's password and keeps the rest", () => {
  assert.equal(safeUrl("redis://app:s3cret@10.0.0.5:6379/2"), "redis://app:***@10.0.0.5:6379/2");
  assert.equal(safeUrl("redis://:s3cret@localhost:6379"), "redis://:***@localhost:6379");
  assert.equal(safeUrl("redis://127.0.0.1:6379"), "redis://127.0.0.1:6379");
  assert.equal(safeUrl("not a url :s3cret@x"), "not a url :s3cret@x".replace("s3cret", "***"));
});

Deno.test("RedisStore.connect() names the URL without its password when Redis is unreachable", async () => {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  const error = await RedisStore.connect("redis://app:s3cret@127.0.0.1:1").catch((e) => e);
  assert.ok(error instanceof Error);
  assert.match(error.message, /127\.0\.0\.1:1/);
  assert.doesNotMatch(error.message, /s3cret/);
});
