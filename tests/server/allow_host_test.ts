import assert from "node:assert/strict";
import { createApp } from "../../server/create_app.ts";
import { SseHub } from "../../server/sse_hub.ts";

const TOKEN = "t0ken-for-allow-host";

function app(allowedHosts?: string[]) {
  return createApp({
    lakeDir: "/nonexistent-lake",
    hub: new SseHub(),
    hostname: "0.0.0.0",
    port: 8080,
    token: TOKEN,
    allowedHosts,
  });
}

async function healthz(hono: ReturnType<typeof app>, host: string): Promise<number> {
  const res = await hono.request(`http://${host}/healthz`, {
    headers: { host, authorization: `Bearer ${TOKEN}` },
  });
  await res.body?.cancel();
  return res.status;
}

Deno.test("a console bound to 0.0.0.0 refuses the machine's address unless --allow-host lists it", async () => {
  assert.equal(await healthz(app(), "192.0.2.7:8080"), 403);
  assert.equal(await healthz(app(["192.0.2.7"]), "192.0.2.7:8080"), 200);
  assert.equal(await healthz(app(["console.example:8080"]), "console.example:8080"), 200);
  assert.equal(await healthz(app(["console.example:9999"]), "console.example:8080"), 403);
  assert.equal(await healthz(app(["192.0.2.7"]), "evil.example:8080"), 403);
});

Deno.test("an allowed host still needs the token", async () => {
  const res = await app(["192.0.2.7"]).request("http://192.0.2.7:8080/healthz", {
    headers: { host: "192.0.2.7:8080" },
  });
  await res.body?.cancel();
  assert.equal(res.status, 401);
});

Deno.test("a request without a Host header is refused without naming the server's own address", async () => {
  // Behind the connection guard the URL's host is the console's private socket, which the 403
  // quoted ("%2Ftmp%2Fshopease-console-…%2Fhttp-0.sock").
  const res = await app().request("http://private-socket.internal/healthz", {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(res.status, 403);
  const body = await res.text();
  assert.match(body, /no Host header/);
  assert.doesNotMatch(body, /private/);
});
