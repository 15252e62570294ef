import assert from "node:assert/strict";
import { join } from "node:path";
import { createApp, CSP } from "../../server/create_app.ts";
import { SseHub } from "../../server/sse_hub.ts";
import { fileTempDir, tempDir } from "../temp_dir.ts";
import { writeFixtureLake } from "./fixture_lake.ts";

const BASE = "http://127.0.0.1:8080";
const TOKEN = "s3cret-token-for-tests";
const lakeDir = await writeFixtureLake();
const uiDir = fileTempDir();
await Deno.writeTextFile(join(uiDir, "index.html"), "<!doctype html><title>console</title>");
await Deno.writeTextFile(join(uiDir, "app.js"), "console.log(1)");
await Deno.writeTextFile(join(uiDir, "app.css"), "body{}");
await Deno.writeTextFile(join(uiDir, "favicon.svg"), "<svg/>");

function app(
  extra: { token?: string; allowedHosts?: string[]; hub?: SseHub; hostname?: string } = {},
) {
  return createApp({
    lakeDir,
    uiDir,
    hub: extra.hub ?? new SseHub(),
    hostname: extra.hostname ?? "127.0.0.1",
    port: 8080,
    token: extra.token,
    allowedHosts: extra.allowedHosts,
  });
}

Deno.test("every response carries the CSP and the other security headers", async () => {
  for (const path of ["/", "/api/months", "/api/nothing", "/metrics"]) {
    const res = await app().request(BASE + path);
    await res.body?.cancel();
    assert.equal(res.headers.get("content-security-policy"), CSP, path);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
    assert.equal(res.headers.get("referrer-policy"), "no-referrer", path);
    assert.equal(res.headers.get("x-frame-options"), "DENY", path);
  }
  assert.equal(
    CSP,
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
      "object-src 'none'; frame-ancestors 'none'",
  );
  assert.doesNotMatch(CSP, /unsafe/);
});

Deno.test("static files of the console are served with their content types", async () => {
  const expected = {
    "/": "text/html; charset=utf-8",
    "/app.js": "text/javascript; charset=utf-8",
    "/app.css": "text/css; charset=utf-8",
    "/favicon.ico": "image/svg+xml",
  };
  for (const [path, type] of Object.entries(expected)) {
    const res = await app().request(BASE + path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get("content-type"), type, path);
    await res.body?.cancel();
  }
  for (const path of ["/../deno.json", "/%2e%2e/deno.json", "/.env", "/missing.js"]) {
    const res = await app().request(BASE + path);
    assert.equal(res.status, 404, path);
    await res.body?.cancel();
  }
});

Deno.test("an unbuilt console answers 503 saying how to build it", async () => {
  await using unbuilt = await tempDir();
  const bare = createApp({
    lakeDir,
    uiDir: unbuilt.path,
    hub: new SseHub(),
    hostname: "127.0.0.1",
    port: 8080,
  });
  const res = await bare.request(`${BASE}/`);
  assert.equal(res.status, 503);
  assert.match((await res.json()).error, /build_ui\.ts/);
});

Deno.test("a foreign Host header gets 403 (DNS rebinding), loopback names and allowedHosts pass", async () => {
  const res = await app().request(`${BASE}/api/months`, { headers: { host: "evil.example:8080" } });
  assert.equal(res.status, 403);
  assert.match((await res.json()).error, /evil\.example/);
  const wrongPort = await app().request(`${BASE}/api/months`, {
    headers: { host: "localhost:9999" },
  });
  assert.equal(wrongPort.status, 403);
  await wrongPort.body?.cancel();
  for (const host of ["localhost:8080", "127.0.0.1:8080", "[::1]:8080"]) {
    const ok = await app().request(`${BASE}/api/months`, { headers: { host } });
    assert.equal(ok.status, 200, host);
    await ok.body?.cancel();
  }
  const custom = app({ allowedHosts: ["console.internal"] });
  const allowed = await custom.request(`${BASE}/api/months`, {
    headers: { host: "console.internal:8080" },
  });
  assert.equal(allowed.status, 200);
  await allowed.body?.cancel();
});

Deno.test("with a token, requests without it or with a wrong one get 401 on every route", async () => {
  const secured = app({ token: TOKEN });
  for (const path of ["/", "/app.js", "/api/months", "/events", "/metrics", "/healthz"]) {
    const res = await secured.request(BASE + path);
    assert.equal(res.status, 401, path);
    assert.equal(res.headers.get("www-authenticate"), 'Bearer realm="shopease"');
    assert.deepEqual(await res.json(), { error: "missing or wrong token" });
    const wrong = await secured.request(BASE + path, {
      headers: { authorization: "Bearer nope-nope-nope" },
    });
    assert.equal(wrong.status, 401, path);
    await wrong.body?.cancel();
  }
});

Deno.test("with a token, a Bearer header opens the API", async () => {
  const res = await app({ token: TOKEN }).request(`${BASE}/api/months`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), ["2019-10", "2019-11", "2019-12"]);
});

Deno.test("visiting /?token= sets an HttpOnly SameSite=Strict cookie that then opens /events", async () => {
  const hub = new SseHub();
  const secured = app({ token: TOKEN, hub });
  const bad = await secured.request(`${BASE}/?token=wrong-token-here`);
  assert.equal(bad.status, 401);
  await bad.body?.cancel();
  const visit = await secured.request(`${BASE}/?token=${TOKEN}`);
  assert.equal(visit.status, 303);
  assert.equal(visit.headers.get("location"), "/");
  const cookie = visit.headers.get("set-cookie") ?? "";
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const pair = cookie.split(";")[0];
  const events = await secured.request(`${BASE}/events`, { headers: { cookie: pair } });
  assert.equal(events.status, 200);
  assert.equal(events.headers.get("content-type"), "text/event-stream; charset=utf-8");
  await events.body?.cancel();
  hub.close();
});

Deno.test("a foreign Origin gets 403 on /events and on non-GET requests; our own passes", async () => {
  const hub = new SseHub();
  const foreign = await app({ hub }).request(`${BASE}/events`, {
    headers: { origin: "http://evil.example" },
  });
  assert.equal(foreign.status, 403);
  await foreign.body?.cancel();
  const post = await app().request(`${BASE}/api/months`, {
    method: "POST",
    headers: { origin: "http://evil.example" },
  });
  assert.equal(post.status, 403);
  await post.body?.cancel();
  const own = await app({ hub }).request(`${BASE}/events`, {
    headers: { origin: "http://localhost:8080" },
  });
  assert.equal(own.status, 200);
  await own.body?.cancel();
  const getOther = await app().request(`${BASE}/api/months`, {
    headers: { origin: "http://evil.example" },
  });
  assert.equal(
    getOther.status,
    200,
    "a plain GET of JSON is protected by CORS, not by the Origin check",
  );
  await getOther.body?.cancel();
  hub.close();
});

Deno.test("a request body over 64 KiB gets 413", async () => {
  const res = await app().request(`${BASE}/api/months`, {
    method: "POST",
    body: "x".repeat(64 * 1024 + 1),
  });
  assert.equal(res.status, 413);
  assert.match((await res.json()).error, /65536 bytes/);
  const small = await app().request(`${BASE}/api/months`, { method: "POST", body: "x" });
  assert.equal(small.status, 404, "a small body passes the limit and finds no POST route");
  await small.body?.cancel();
});

Deno.test("more event-stream clients than the cap get 429 with Retry-After", async () => {
  const hub = new SseHub({ maxClients: 2 });
  const capped = app({ hub });
  const open = [await capped.request(`${BASE}/events`), await capped.request(`${BASE}/events`)];
  assert.deepEqual(open.map((res) => res.status), [200, 200]);
  const third = await capped.request(`${BASE}/events`);
  assert.equal(third.status, 429);
  assert.equal(third.headers.get("retry-after"), "5");
  assert.match((await third.json()).error, /2 connected/);
  for (const res of open) await res.body?.cancel();
  assert.equal(hub.clientCount, 0);
  hub.close();
});

Deno.test("createApp refuses a non-loopback hostname without a token", () => {
  assert.throws(
    () => app({ hostname: "0.0.0.0" }),
    /"0\.0\.0\.0" without a token: set SHOPEASE_TOKEN/,
  );
  assert.throws(() => app({ hostname: "192.168.1.20" }), /SHOPEASE_TOKEN/);
  app({ hostname: "0.0.0.0", token: TOKEN });
  assert.throws(() => app({ token: "short" }), /token must have at least 8 characters, got 5/);
  app({ hostname: "localhost" });
});

Deno.test("/healthz answers ok and /metrics exposes the quality report as Prometheus text", async () => {
  const health = await app().request(`${BASE}/healthz`);
  assert.deepEqual(await health.json(), { status: "ok", sse_clients: 0 });
  const res = await app().request(`${BASE}/metrics`);
  assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const text = await res.text();
  assert.match(text, /^shopease_events_in_total 6000$/m);
  assert.match(text, /^shopease_quarantined_total\{reason="late"\} 4$/m);
  assert.match(text, /^shopease_quarantined_total\{reason="missing_field:user_id"\} 3$/m);
  assert.match(text, /^shopease_sse_clients 0$/m);
});
