// `docworker login` / `docworker token` against the emulated Cognito (moto), and the stored token
// accepted by an API that verifies it: the whole sign-in path with real tokens. In the
// "aws" vitest project because it needs moto; the CLI and the API are imported by relative path.
import { randomUUID } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { DEV_USERS, type DevUserPool, deleteDevUserPool, ensureDevUserPool } from "@docworker/dev-provisioning";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCognitoAuthenticate } from "../../../../services/api/src/index.ts";
import { type EmbeddedApi, openEmbeddedApi } from "../../../../services/api/test/support/embedded-api.ts";
import { runCli } from "../../../cli/src/cli.ts";
import { credentialsPath } from "../../../cli/src/config/credentials-file.ts";
import { captureIo } from "../../../cli/test/support/capture-io.ts";
import { ensureEmulatedStack } from "../support/emulated-stack.ts";

const PASSWORD = `Test-${randomUUID().slice(0, 8)}-1!`;

let endpoint: string;
let region: string;
let pool: DevUserPool;
let api: EmbeddedApi;
let app: EmbeddedApi["app"];
let apiUrl: string;

beforeAll(async () => {
  const { env } = await ensureEmulatedStack();
  endpoint = env.AWS_ENDPOINT_URL as string;
  region = env.AWS_REGION ?? "us-east-1";
  const config = { region, endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  pool = await ensureDevUserPool(config, {
    poolName: `cli-login-${randomUUID().slice(0, 8)}`,
    clientName: "docworker-cli",
    users: DEV_USERS(PASSWORD),
  });
  api = await openEmbeddedApi({
    authenticate: createCognitoAuthenticate({
      userPoolId: pool.userPoolId,
      clientId: pool.clientId,
      jwksUri: pool.jwksUri,
    }),
  });
  app = api.app;
  await app.listen({ port: 0, host: "127.0.0.1" });
  apiUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  api.uploads.setPublicBaseUrl(apiUrl);
});

afterAll(async () => {
  await api?.close();
  if (pool) {
    const config = { region, endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
    await deleteDevUserPool(config, pool.userPoolId);
  }
});

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());

function loginArgs(user: string, password = PASSWORD) {
  return [
    "login",
    "--user",
    user,
    "--password",
    password,
    "--client-id",
    pool.clientId,
    "--region",
    region,
    "--endpoint",
    endpoint,
  ];
}

describe("docworker login", () => {
  it("stores the ID token, refresh token, expiry and API in a 0600 file, printing no secret", async () => {
    const { io, stdout, stderr } = captureIo();
    expect(await runCli([...loginArgs("alice@acme.test"), "--api", `${apiUrl}/`], io), stderr.text).toBe(0);
    const path = credentialsPath(io.env);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(path, "utf8"));
    expect(stored).toMatchObject({
      api: apiUrl,
      user: "alice@acme.test",
      cognito: { clientId: pool.clientId, region, endpoint },
    });
    expect(typeof stored.refreshToken).toBe("string");
    expect(claimsOf(stored.token)).toMatchObject({ token_use: "id", aud: pool.clientId, "custom:tenant": "acme" });
    expect(Date.parse(stored.expiresAt)).toBe(claimsOf(stored.token).exp * 1000);
    expect(stdout.text).toContain("Logged in as alice@acme.test");
    expect(stdout.text + stderr.text).not.toContain(stored.token);
    expect(stdout.text + stderr.text).not.toContain(PASSWORD);

    const printed = captureIo({ env: io.env as Record<string, string> });
    expect(await runCli(["token"], printed.io)).toBe(0);
    expect(printed.stdout.text).toBe(`${stored.token}\n`);
  });

  it("takes client id, region, endpoint and password from the environment", async () => {
    const { io, stderr } = captureIo({
      env: {
        COGNITO_CLIENT_ID: pool.clientId,
        AWS_REGION: region,
        AWS_ENDPOINT_URL: endpoint,
        DOCWORKER_PASSWORD: PASSWORD,
      },
    });
    expect(await runCli(["login", "--user", "bob@globex.test", "--json"], io), stderr.text).toBe(0);
    const stored = JSON.parse(readFileSync(credentialsPath(io.env), "utf8"));
    expect(claimsOf(stored.token)["custom:tenant"]).toBe("globex");
  });

  it("refuses a wrong password with exit 1 and writes nothing", async () => {
    const { io, stderr } = captureIo();
    expect(await runCli(loginArgs("alice@acme.test", "Wrong-password-1!"), io)).toBe(1);
    expect(stderr.text).toContain("login failed: Incorrect username or password");
    expect(() => statSync(credentialsPath(io.env))).toThrow();
  });

  it("says which app client does not exist", async () => {
    const { io, stderr } = captureIo();
    const args = loginArgs("alice@acme.test").map((a) => (a === pool.clientId ? "no-such-client" : a));
    expect(await runCli(args, io)).toBe(1);
    expect(stderr.text).toContain("no app client no-such-client");
  });
});

describe("the stored token on API calls", () => {
  it("is what the CLI sends: the API serves the logged-in tenant; without it, 401", async () => {
    const { io, stderr } = captureIo();
    expect(await runCli(loginArgs("alice@acme.test"), io), stderr.text).toBe(0);
    const env = io.env as Record<string, string>;
    const token = JSON.parse(readFileSync(credentialsPath(env), "utf8")).token;
    const created = await app.inject({
      method: "POST",
      url: "/documents",
      headers: { authorization: `Bearer ${token}` },
      payload: { filename: "acme-only.txt" },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().upload.url).toContain("/tenants/acme/");
    const listed = captureIo({ env });
    expect(await runCli(["--api", apiUrl, "--json", "list"], listed.io), listed.stderr.text).toBe(0);
    expect(JSON.parse(listed.stdout.text).items.map((d: { documentId: string }) => d.documentId)).toEqual([
      created.json().documentId,
    ]);

    const bob = captureIo();
    expect(await runCli(loginArgs("bob@globex.test"), bob.io), bob.stderr.text).toBe(0);
    const bobList = captureIo({ env: bob.io.env as Record<string, string> });
    expect(await runCli(["--api", apiUrl, "--json", "list"], bobList.io), bobList.stderr.text).toBe(0);
    expect(JSON.parse(bobList.stdout.text).items).toEqual([]);

    const anonymous = captureIo();
    expect(await runCli(["--api", apiUrl, "list"], anonymous.io)).toBe(1);
    expect(anonymous.stderr.text).toContain("UNAUTHORIZED");
  });

  it("is refreshed through REFRESH_TOKEN_AUTH once expired, by `token` and by any command", async () => {
    const { io, stderr } = captureIo();
    expect(await runCli(loginArgs("alice@acme.test"), io), stderr.text).toBe(0);
    const env = io.env as Record<string, string>;
    const path = credentialsPath(env);
    const expire = () => {
      const stored = JSON.parse(readFileSync(path, "utf8"));
      writeFileSync(
        path,
        JSON.stringify({ ...stored, token: "expired.token.value", expiresAt: "2020-01-01T00:00:00.000Z" }),
      );
    };

    expire();
    const printed = captureIo({ env });
    expect(await runCli(["token", "--json"], printed.io), printed.stderr.text).toBe(0);
    const { token, expiresAt } = JSON.parse(printed.stdout.text);
    expect(claimsOf(token)).toMatchObject({ token_use: "id", "custom:tenant": "acme" });
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    expect(JSON.parse(readFileSync(path, "utf8")).token).toBe(token);
    expect(statSync(path).mode & 0o777).toBe(0o600);

    expire();
    const listed = captureIo({ env });
    expect(await runCli(["--api", apiUrl, "list"], listed.io), listed.stderr.text).toBe(0);
    expect(JSON.parse(readFileSync(path, "utf8")).token).not.toBe("expired.token.value");
  });

  it("an expired token whose refresh token Cognito refuses: `token` says to log in again", async () => {
    const { io, stderr } = captureIo();
    expect(await runCli(loginArgs("alice@acme.test"), io), stderr.text).toBe(0);
    const env = io.env as Record<string, string>;
    const path = credentialsPath(env);
    const stored = JSON.parse(readFileSync(path, "utf8"));
    writeFileSync(path, JSON.stringify({ ...stored, refreshToken: "revoked", expiresAt: "2020-01-01T00:00:00.000Z" }));
    const printed = captureIo({ env });
    expect(await runCli(["token"], printed.io)).toBe(1);
    expect(printed.stdout.text).toBe("");
    expect(printed.stderr.text).toContain("expired at 2020-01-01T00:00:00.000Z and could not be refreshed");
    expect(printed.stderr.text).toContain("docworker login");
  });
});
