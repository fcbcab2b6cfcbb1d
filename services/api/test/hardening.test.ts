import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Authenticate } from "../src/plugins/tenant-auth.ts";
import { type EmbeddedApi, openEmbeddedApi } from "./support/embedded-api.ts";

// What a hostile or careless client must not be able to do to the API: hold connections, flood
// it with records, or get a stack trace for a bad cursor.

let api: EmbeddedApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** Tenant from a test header: the limit is per tenant, not per address. */
const byHeader: Authenticate = async (request) => ({ tenantId: String(request.headers["x-test-tenant"] ?? "acme") });

const http = (
  overrides: Partial<{ requestTimeoutSeconds: number; connectionTimeoutSeconds: number; perMinute: number }>,
) => ({
  limits: {
    requestTimeoutSeconds: overrides.requestTimeoutSeconds ?? 120,
    connectionTimeoutSeconds: overrides.connectionTimeoutSeconds ?? 60,
  },
  rateLimitPerMinute: overrides.perMinute ?? 120,
});

describe("API hardening", () => {
  it("limits POST /documents per tenant with a 429 problem and Retry-After", async () => {
    api = await openEmbeddedApi({ authenticate: byHeader, http: http({ perMinute: 3 }) });
    const create = (tenant: string) =>
      api?.app.inject({
        method: "POST",
        url: "/documents",
        headers: { "x-test-tenant": tenant },
        payload: { filename: "a.txt" },
      });
    for (let i = 0; i < 3; i++) expect((await create("acme"))?.statusCode).toBe(201);
    const limited = await create("acme");
    expect(limited?.statusCode).toBe(429);
    expect(limited?.headers["content-type"]).toContain("application/problem+json");
    expect(Number(limited?.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited?.json()).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    // Another tenant has its own budget; reads are not limited.
    expect((await create("globex"))?.statusCode).toBe(201);
    expect(
      (await api.app.inject({ method: "GET", url: "/documents", headers: { "x-test-tenant": "acme" } })).statusCode,
    ).toBe(200);
  });

  it("gives a PENDING document the time it expires at if nothing is uploaded (PENDING_UPLOAD_TTL_SECONDS)", async () => {
    api = await openEmbeddedApi({ authenticate: byHeader, env: { PENDING_UPLOAD_TTL_SECONDS: "7200" } });
    const created = await api.app.inject({ method: "POST", url: "/documents", payload: { filename: "a.txt" } });
    const { documentId } = created.json() as { documentId: string };
    const record = (await api.app.inject({ method: "GET", url: `/documents/${documentId}` })).json() as {
      createdAt: string;
      expiresAt: string;
    };
    expect(Date.parse(record.expiresAt) - Date.parse(record.createdAt)).toBe(7_200_000);
  });

  it("limits POST /search per tenant", async () => {
    api = await openEmbeddedApi({ authenticate: byHeader, http: http({ perMinute: 2 }) });
    const search = () => api?.app.inject({ method: "POST", url: "/search", payload: { query: "harbour" } });
    expect((await search())?.statusCode).toBe(200);
    expect((await search())?.statusCode).toBe(200);
    expect((await search())?.statusCode).toBe(429);
  });

  it("answers an invalid list cursor with 400 INVALID_CURSOR, not 500", async () => {
    api = await openEmbeddedApi({ authenticate: byHeader });
    const response = await api.app.inject({ method: "GET", url: "/documents?cursor=bm90LWEtY3Vyc29y" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: "INVALID_CURSOR" });
  });

  it("answers a method a path does not serve with 405 and Allow", async () => {
    api = await openEmbeddedApi({ authenticate: byHeader });
    const response = await api.app.inject({ method: "PATCH", url: "/documents" });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toContain("POST");
  });

  it("refuses a JSON body whose values are the wrong type instead of coercing them", async () => {
    api = await openEmbeddedApi({ authenticate: byHeader });
    const response = await api.app.inject({
      method: "POST",
      url: "/documents",
      payload: { filename: "a.txt", metadata: { team: 1 } },
    });
    expect(response.statusCode).toBe(400);
  });

  it("drops a connection whose request trickles in past the request timeout", async () => {
    api = await openEmbeddedApi({ authenticate: byHeader, http: http({ requestTimeoutSeconds: 1 }) });
    const address = await api.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = new URL(address);
    const closedAfterMs = await new Promise<number>((done) => {
      const started = Date.now();
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(
          "POST /documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
        );
        const trickle = setInterval(() => socket.write(" "), 200);
        socket.on("close", () => {
          clearInterval(trickle);
          done(Date.now() - started);
        });
      });
      socket.on("error", () => undefined);
    });
    // One second of timeout, checked every second: far from the 150 s it used to be held.
    expect(closedAfterMs).toBeLessThan(10_000);
  });

  it("closes the connection after refusing a body that is too large", async () => {
    api = await openEmbeddedApi({ authenticate: byHeader });
    const response = await api.app.inject({
      method: "POST",
      url: "/documents",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ filename: "a".repeat(2 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers.connection).toBe("close");
  });
});
