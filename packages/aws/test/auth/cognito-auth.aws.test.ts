// Tenant isolation in the API with REAL Cognito JWTs from the emulated stack (moto): tokens come
// from InitiateAuth, are verified against the pool's JWKS, and the tenant comes from the
// `custom:tenant` attribute. The API runs over the embedded adapters (the store does not matter
// here: what is under test is that the token decides the tenant). Lives in the "aws" vitest
// project because it needs moto; the API and the runtime are imported by relative path.
import { randomUUID } from "node:crypto";
import { handleQueueMessage } from "@docworker/core";
import {
  DEV_USERS,
  type DevUserPool,
  deleteDevUserPool,
  ensureDevUserPool,
  type SignedIn,
  signInDevUser,
} from "@docworker/dev-provisioning";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCognitoAuthenticate } from "../../../../services/api/src/index.ts";
import { type EmbeddedApi, openEmbeddedApi } from "../../../../services/api/test/support/embedded-api.ts";
import { ensureEmulatedStack } from "../support/emulated-stack.ts";
import { forgeToken, tamperClaims } from "./forge-token.ts";

const PASSWORD = `Test-${randomUUID().slice(0, 8)}-1!`;
const suffix = randomUUID().slice(0, 8);

let cognitoConfig: { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } };
let pool: DevUserPool;
let otherPool: DevUserPool;
let alice: SignedIn;
let bob: SignedIn;
let api: EmbeddedApi;
let runtime: EmbeddedApi["runtime"];
let app: EmbeddedApi["app"];

beforeAll(async () => {
  const { env } = await ensureEmulatedStack();
  cognitoConfig = {
    region: env.AWS_REGION ?? "us-east-1",
    endpoint: env.AWS_ENDPOINT_URL as string,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  };
  pool = await ensureDevUserPool(cognitoConfig, {
    poolName: `auth-test-${suffix}`,
    clientName: "api-test",
    users: [...DEV_USERS(PASSWORD), { email: "mallory@nowhere.test", tenantId: "Not A Tenant", password: PASSWORD }],
  });
  otherPool = await ensureDevUserPool(cognitoConfig, {
    poolName: `auth-test-other-${suffix}`,
    clientName: "api-test",
    users: DEV_USERS(PASSWORD),
  });
  alice = await signInDevUser(cognitoConfig, pool.clientId, "alice@acme.test", PASSWORD);
  bob = await signInDevUser(cognitoConfig, pool.clientId, "bob@globex.test", PASSWORD);

  api = await openEmbeddedApi({
    // What the API gets from COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, COGNITO_ISSUER, COGNITO_JWKS_URI.
    authenticate: createCognitoAuthenticate({
      userPoolId: pool.userPoolId,
      clientId: pool.clientId,
      issuer: pool.issuer,
      jwksUri: pool.jwksUri,
    }),
  });
  ({ runtime, app } = api);
  await app.ready();
});

afterAll(async () => {
  await api?.close();
  for (const p of [pool, otherPool]) if (p) await deleteDevUserPool(cognitoConfig, p.userPoolId);
});

const as = (token: string | undefined) => (token === undefined ? {} : { authorization: `Bearer ${token}` });

async function call(token: string | undefined, method: "GET" | "POST" | "DELETE", url: string, payload?: object) {
  return app.inject({ method, url, headers: as(token), ...(payload ? { payload } : {}) });
}

describe("tokens", () => {
  it("are real Cognito ID tokens from the emulated pool", () => {
    const claims = JSON.parse(Buffer.from(alice.idToken.split(".")[1] ?? "", "base64url").toString());
    expect(claims).toMatchObject({
      iss: pool.issuer,
      aud: pool.clientId,
      token_use: "id",
      "custom:tenant": "acme",
      email: "alice@acme.test",
    });
    expect(JSON.parse(Buffer.from(alice.idToken.split(".")[0] ?? "", "base64url").toString())).toMatchObject({
      alg: "RS256",
      kid: "dummy",
    });
  });

  it("no token: 401 problem on every tenant route, public routes stay open", async () => {
    for (const [method, url] of [
      ["GET", "/documents"],
      ["GET", "/documents/doc_00000000000000000000"],
      ["DELETE", "/documents/doc_00000000000000000000"],
      ["POST", "/search"],
      ["POST", "/documents"],
    ] as const) {
      const res = await call(undefined, method, url, method === "POST" ? { query: "x", filename: "x" } : undefined);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json()).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    }
    expect((await call(undefined, "GET", "/health")).statusCode).toBe(200);
  });

  it.each([
    ["garbage", () => "garbage"],
    ["a tampered signature", () => `${alice.idToken.slice(0, -6)}AAAAAA`],
    ["bob's token claiming tenant acme", () => tamperClaims(bob.idToken, { "custom:tenant": "acme" })],
    ["a token signed by another key under moto's kid", () => forgeToken(bob.idToken, { "custom:tenant": "acme" })],
    ["an access token instead of the ID token", () => alice.accessToken],
  ])("%s: 401", async (_name, token) => {
    const res = await call(token(), "GET", "/documents");
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("a token of another pool (same moto key, another issuer) or another app client: 401", async () => {
    const stranger = await signInDevUser(cognitoConfig, otherPool.clientId, "alice@acme.test", PASSWORD);
    expect((await call(stranger.idToken, "GET", "/documents")).statusCode).toBe(401);
    const sibling = await ensureDevUserPool(cognitoConfig, {
      poolName: `auth-test-${suffix}`,
      clientName: "another-client",
      users: [],
    });
    const otherClient = await signInDevUser(cognitoConfig, sibling.clientId, "alice@acme.test", PASSWORD);
    expect((await call(otherClient.idToken, "GET", "/documents")).statusCode).toBe(401);
  });

  it("an expired token: 401 'expired' (the clock moved past moto's one-hour validity)", async () => {
    const fresh = await signInDevUser(cognitoConfig, pool.clientId, "alice@acme.test", PASSWORD);
    expect((await call(fresh.idToken, "GET", "/documents")).statusCode).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + (fresh.expiresIn + 120) * 1000 });
    try {
      const res = await call(fresh.idToken, "GET", "/documents");
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toBe("the bearer token has expired");
    } finally {
      vi.useRealTimers();
    }
  });

  it("a valid token whose tenant attribute is malformed: 403", async () => {
    const mallory = await signInDevUser(cognitoConfig, pool.clientId, "mallory@nowhere.test", PASSWORD);
    const res = await call(mallory.idToken, "GET", "/documents");
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ status: 403, code: "FORBIDDEN" });
  });
});

describe("tenant isolation", () => {
  let documentId: string;

  beforeAll(async () => {
    const created = await call(alice.idToken, "POST", "/documents", {
      filename: "acme-zebra.txt",
      contentType: "text/plain",
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    documentId = body.documentId;
    expect(body.upload.url).toContain(`/tenants/acme/documents/${documentId}/`);
    const url = new URL(body.upload.url);
    const put = await app.inject({
      method: "PUT",
      url: url.pathname + url.search,
      headers: { "content-type": "text/plain" },
      payload: "Acme's quarterly zebra migration report: the zebras crossed the river in March.",
    });
    expect(put.statusCode).toBe(200);
    // The worker's loop over the embedded queue, until the document is processed.
    const events = runtime.events;
    if (!events) throw new Error("the embedded runtime serves the worker too");
    events.start((message) => handleQueueMessage(runtime.deps, message), { concurrency: 1 });
    try {
      await vi.waitFor(
        async () => {
          const res = await call(alice.idToken, "GET", `/documents/${documentId}`);
          expect(res.json().status).toBe("PROCESSED");
        },
        { timeout: 20_000, interval: 100 },
      );
    } finally {
      await events.stop({ graceMs: 1000 });
    }
  });

  it("alice sees her document, in her list and in her search", async () => {
    expect((await call(alice.idToken, "GET", `/documents/${documentId}`)).statusCode).toBe(200);
    const list = (await call(alice.idToken, "GET", "/documents")).json();
    expect(list.items.map((d: { documentId: string }) => d.documentId)).toContain(documentId);
    for (const mode of ["keyword", "vector", "hybrid"]) {
      const search = (await call(alice.idToken, "POST", "/search", { query: "zebra migration", mode })).json();
      expect(
        search.results.map((r: { documentId: string }) => r.documentId),
        mode,
      ).toContain(documentId);
    }
  });

  it("bob gets 404 on alice's document", async () => {
    const res = await call(bob.idToken, "GET", `/documents/${documentId}`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: "NOT_FOUND" });
  });

  it("bob's list is empty", async () => {
    const res = await call(bob.idToken, "GET", "/documents");
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  });

  it("bob's search finds nothing of alice's, in every mode", async () => {
    for (const mode of ["keyword", "vector", "hybrid"]) {
      const res = await call(bob.idToken, "POST", "/search", { query: "zebra migration", mode });
      expect(res.statusCode).toBe(200);
      expect(res.json().results, mode).toEqual([]);
    }
  });

  it("bob's delete of alice's document is 404 and leaves it alone", async () => {
    expect((await call(bob.idToken, "DELETE", `/documents/${documentId}`)).statusCode).toBe(404);
    const still = await call(alice.idToken, "GET", `/documents/${documentId}`);
    expect(still.json().status).toBe("PROCESSED");
  });

  it("bob's own documents are his own", async () => {
    const created = await call(bob.idToken, "POST", "/documents", { filename: "globex.txt" });
    expect(created.statusCode).toBe(201);
    expect(created.json().upload.url).toContain("/tenants/globex/documents/");
    const aliceView = await call(alice.idToken, "GET", `/documents/${created.json().documentId}`);
    expect(aliceView.statusCode).toBe(404);
  });
});
