// Unit tests of the Cognito authenticate with a key pair of our own and a JWKS served on loopback
// (the override path that emulators use). The same checks against moto's Cognito with real
// tokens, and the tenant isolation they protect, are in packages/aws/test/auth/.
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BearerChallenge } from "../src/auth/bearer.ts";
import { HttpProblem } from "../src/http-problem.ts";
import { createCognitoAuthenticate } from "../src/plugins/cognito-auth.ts";
import { type EmbeddedApi, openEmbeddedApi } from "./support/embedded-api.ts";

const POOL = "eu-west-1_Test123";
const CLIENT = "client-abc";
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;

function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" } };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function signJwt(key: { kid: string; privateKey: KeyObject }, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: ISSUER,
    aud: CLIENT,
    sub: "8c1f7a4e-0000-4000-8000-000000000001",
    token_use: "id",
    iat: now,
    auth_time: now,
    exp: now + 3600,
    "custom:tenant": "acme",
    ...claims,
  };
  const input = `${b64url({ kid: key.kid, alg: "RS256", typ: "JWT" })}.${b64url(payload)}`;
  return `${input}.${sign("RSA-SHA256", Buffer.from(input), key.privateKey).toString("base64url")}`;
}

const poolKey = keyPair("pool-key");
const valid = signJwt(poolKey, {});
let jwks: Server;
let jwksUri: string;
let jwksRequests = 0;

beforeAll(async () => {
  jwks = createServer((request, response) => {
    jwksRequests++;
    if (request.url !== `/${POOL}/.well-known/jwks.json`) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [poolKey.jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
  jwksUri = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/${POOL}/.well-known/jwks.json`;
});

afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

const request = (authorization?: string) =>
  ({
    headers: authorization === undefined ? {} : { authorization },
    log: { info() {}, warn() {}, error() {} },
  }) as unknown as FastifyRequest;

async function refusal(authenticate: ReturnType<typeof createCognitoAuthenticate>, authorization?: string) {
  const error = await authenticate(request(authorization)).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HttpProblem)) throw new Error(`expected an HttpProblem, got ${String(error)}`);
  return error;
}

describe("createCognitoAuthenticate with an emulator's JWKS (override)", () => {
  const authenticate = () => createCognitoAuthenticate({ userPoolId: POOL, clientId: CLIENT, jwksUri });

  it("returns the tenant of a valid ID token", async () => {
    expect(await authenticate()(request(`Bearer ${signJwt(poolKey, {})}`))).toEqual({ tenantId: "acme" });
    expect(await authenticate()(request(`bearer  ${signJwt(poolKey, { "custom:tenant": "globex-2" })}`))).toEqual({
      tenantId: "globex-2",
    });
  });

  it("reads the tenant from the configured claim", async () => {
    const custom = createCognitoAuthenticate({ userPoolId: POOL, clientId: CLIENT, jwksUri, tenantClaim: "org" });
    expect(await custom(request(`Bearer ${signJwt(poolKey, { org: "initech" })}`))).toEqual({ tenantId: "initech" });
  });

  it("answers no token, or another scheme, with a bare Bearer challenge", async () => {
    for (const header of [undefined, "", "Basic YWxpY2U6cHc=", "Bearer"]) {
      const problem = await refusal(authenticate(), header);
      expect(problem).toBeInstanceOf(BearerChallenge);
      expect(problem).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
      expect((problem as BearerChallenge).headers["www-authenticate"]).toMatch(/^Bearer realm="docworker"/);
    }
    expect(((await refusal(authenticate())) as BearerChallenge).headers["www-authenticate"]).toBe(
      'Bearer realm="docworker"',
    );
  });

  const other = keyPair("pool-key");
  const unknownKid = keyPair("someone-else");
  const [head, body] = valid.split(".");
  const cases: [string, () => string][] = [
    ["garbage", () => "not-a-jwt"],
    ["a malformed token", () => "a b c"],
    ["an unsigned token (alg none)", () => `${b64url({ alg: "none", kid: "pool-key" })}.${body}.`],
    [
      "a tampered payload",
      () =>
        `${head}.${b64url({ ...JSON.parse(Buffer.from(body ?? "", "base64url").toString()), "custom:tenant": "globex" })}.${valid.split(".")[2]}`,
    ],
    ["another key under the pool's kid", () => signJwt(other, {})],
    ["a key the pool does not have", () => signJwt(unknownKid, {})],
    ["an expired token", () => signJwt(poolKey, { exp: Math.floor(Date.now() / 1000) - 600 })],
    ["another issuer", () => signJwt(poolKey, { iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other" })],
    ["another app client", () => signJwt(poolKey, { aud: "other-client" })],
    ["an access token", () => signJwt(poolKey, { token_use: "access", aud: undefined, client_id: CLIENT })],
  ];
  it.each(cases)("refuses %s with 401 invalid_token", async (_name, token) => {
    const problem = (await refusal(authenticate(), `Bearer ${token()}`)) as BearerChallenge;
    expect(problem).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    expect(problem.headers["www-authenticate"]).toContain('error="invalid_token"');
    expect(problem.message).not.toContain(token());
  });

  it("says when the token has expired", async () => {
    const problem = await refusal(authenticate(), `Bearer ${signJwt(poolKey, { exp: 1 })}`);
    expect(problem.message).toBe("the bearer token has expired");
  });

  it.each([
    ["no tenant claim", { "custom:tenant": undefined }],
    ["an upper-case tenant", { "custom:tenant": "ACME" }],
    ["a path in the tenant", { "custom:tenant": "../acme" }],
    ["an empty tenant", { "custom:tenant": "" }],
    ["a numeric tenant", { "custom:tenant": 42 }],
    ["a 64-character tenant", { "custom:tenant": "a".repeat(64) }],
  ])("refuses a valid token with %s with 403", async (_name, claims) => {
    const problem = await refusal(authenticate(), `Bearer ${signJwt(poolKey, claims)}`);
    expect(problem).toMatchObject({ status: 403, code: "FORBIDDEN" });
  });

  it("refuses a token whose tenant is the reserved default tenant, which owns objects put into the bucket", async () => {
    const guarded = createCognitoAuthenticate({
      userPoolId: POOL,
      clientId: CLIENT,
      jwksUri,
      reservedTenantId: "default",
    });
    const problem = await refusal(guarded, `Bearer ${signJwt(poolKey, { "custom:tenant": "default" })}`);
    expect(problem).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(problem.message).toContain("reserved");
  });

  it("answers 503, not 401, when the signing keys cannot be fetched", async () => {
    const unreachable = createCognitoAuthenticate({
      userPoolId: POOL,
      clientId: CLIENT,
      jwksUri: "http://127.0.0.1:9/nothing/.well-known/jwks.json",
    });
    expect(await refusal(unreachable, `Bearer ${valid}`)).toMatchObject({ status: 503, code: "AUTH_UNAVAILABLE" });
  });

  it("fetches the keys once, not per request", async () => {
    const cached = authenticate();
    const before = jwksRequests;
    for (let i = 0; i < 3; i++) await cached(request(`Bearer ${valid}`));
    expect(jwksRequests - before).toBe(1);
  });

  it("accepts an issuer override and derives its JWKS address", async () => {
    const viaIssuer = createCognitoAuthenticate({
      userPoolId: POOL,
      clientId: CLIENT,
      issuer: `${jwksUri.replace("/.well-known/jwks.json", "")}/`,
    });
    const token = signJwt(poolKey, { iss: jwksUri.replace("/.well-known/jwks.json", "") });
    expect(await viaIssuer(request(`Bearer ${token}`))).toEqual({ tenantId: "acme" });
    expect((await refusal(viaIssuer, `Bearer ${valid}`)).status).toBe(401);
  });
});

describe("configuration", () => {
  it("refuses a plain-http JWKS anywhere but loopback, and a malformed pool id", () => {
    expect(() =>
      createCognitoAuthenticate({ userPoolId: POOL, clientId: CLIENT, jwksUri: "http://keys.example.com/jwks.json" }),
    ).toThrow(/https/);
    expect(() => createCognitoAuthenticate({ userPoolId: "not-a-pool", clientId: CLIENT })).toThrow(/User Pool ID/);
  });

  it("verifies against the pool's own issuer without overrides", async () => {
    // No network here: a token of another issuer is refused before any key is fetched.
    const aws = createCognitoAuthenticate({ userPoolId: POOL, clientId: CLIENT });
    const token = signJwt(poolKey, { iss: "https://issuer.example.com" });
    expect(await refusal(aws, `Bearer ${token}`)).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
  });
});

describe("through the API", () => {
  let api: EmbeddedApi;
  let app: FastifyInstance;

  beforeAll(async () => {
    api = await openEmbeddedApi({
      authenticate: createCognitoAuthenticate({ userPoolId: POOL, clientId: CLIENT, jwksUri }),
    });
    app = api.app;
    await app.ready();
  });

  afterAll(async () => {
    await api.close();
  });

  it("sends WWW-Authenticate: Bearer with the 401", async () => {
    const none = await app.inject({ method: "GET", url: "/documents" });
    expect(none.headers["www-authenticate"]).toMatch(/^Bearer/);
    const bad = await app.inject({ method: "GET", url: "/documents", headers: { authorization: "Bearer not.a.jwt" } });
    expect(bad.headers["www-authenticate"]).toContain('error="invalid_token"');
  });

  it("answers 401 and 403 as problem+json, and serves the token's tenant", async () => {
    const none = await app.inject({ method: "GET", url: "/documents" });
    expect(none.statusCode).toBe(401);
    expect(none.headers["content-type"]).toContain("application/problem+json");
    expect(none.json()).toMatchObject({ status: 401, code: "UNAUTHORIZED" });

    const noTenant = signJwt(poolKey, { "custom:tenant": undefined });
    const forbidden = await app.inject({
      method: "GET",
      url: "/documents",
      headers: { authorization: `Bearer ${noTenant}` },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ code: "FORBIDDEN" });

    const ok = await app.inject({ method: "GET", url: "/documents", headers: { authorization: `Bearer ${valid}` } });
    expect(ok.statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
  });
});
