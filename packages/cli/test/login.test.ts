// `docworker login` and `docworker token` without Cognito: flag and environment checks, the
// credentials file (mode 0600, written whole), and which token `token` prints. The real sign-in
// and refresh against the emulated Cognito (moto) are in packages/aws/test/auth/cli-login.aws.test.ts.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.ts";
import {
  credentialsPath,
  currentStoredToken,
  readStoredToken,
  writeStoredCredentials,
} from "../src/config/credentials-file.ts";
import { captureIo } from "./support/capture-io.ts";

const configDirs: string[] = [];
afterEach(() => {
  for (const dir of configDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function io(env: Record<string, string> = {}) {
  const captured = captureIo({ env });
  configDirs.push(captured.io.env.XDG_CONFIG_HOME ?? "");
  return captured;
}

function store(env: Record<string, string | undefined>, content: unknown) {
  const path = credentialsPath(env);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe("docworker login: what it needs before calling Cognito (exit 2)", () => {
  it.each([
    [["--password", "p", "--region", "eu-west-1"], {}, "--client-id or env COGNITO_CLIENT_ID"],
    [["--password", "p", "--client-id", "c"], {}, "--region or env AWS_REGION"],
    [["--client-id", "c", "--region", "eu-west-1"], {}, "--password (or env DOCWORKER_PASSWORD)"],
    [["--password", "p", "--client-id", "c", "--region", "r", "--endpoint", "nope"], {}, "--endpoint: not a URL"],
    [["--password", "p"], { COGNITO_CLIENT_ID: "c" }, "--region or env AWS_REGION"],
  ])("%j with env %j: says %s", async (args, env, message) => {
    const { io: cliIo, stderr } = io(env);
    expect(await runCli(["login", "--user", "alice@acme.test", ...args], cliIo)).toBe(2);
    expect(stderr.text).toContain(message);
    expect(() => statSync(credentialsPath(cliIo.env))).toThrow();
  });

  it("needs --user", async () => {
    const { io: cliIo, stderr } = io();
    expect(await runCli(["login", "--password", "p"], cliIo)).toBe(2);
    expect(stderr.text).toContain("--user");
  });

  it("takes the region from COGNITO_USER_POOL_ID, and reports an unreachable Cognito (exit 1)", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { io: cliIo, stderr } = io({
      COGNITO_CLIENT_ID: "c",
      COGNITO_USER_POOL_ID: "eu-west-1_Abc",
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      DOCWORKER_PASSWORD: "secret-password",
    });
    expect(await runCli(["login", "--user", "alice@acme.test"], cliIo)).toBe(1);
    expect(stderr.text).toContain(`login failed: http://127.0.0.1:${port}`);
    expect(stderr.text).not.toContain("secret-password");
  });
});

describe("the credentials file", () => {
  it("is written with mode 0600 in a directory of its own (0700)", async () => {
    const { io: cliIo } = io();
    const path = await writeStoredCredentials(cliIo.env, { token: "t", expiresAt: inAnHour() });
    expect(path).toBe(credentialsPath(cliIo.env));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
  });

  it("replaces a laxer hand-written file whole, as 0600", async () => {
    const { io: cliIo } = io();
    const path = store(cliIo.env, { token: "old" });
    expect(statSync(path).mode & 0o777).not.toBe(0o600);
    await writeStoredCredentials(cliIo.env, { token: "new", expiresAt: inAnHour() });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, "utf8")).token).toBe("new");
  });

  it("hands back an expired token it cannot refresh (the API then answers 401)", async () => {
    const { io: cliIo } = io();
    store(cliIo.env, { token: "stale", expiresAt: "2020-01-01T00:00:00.000Z" });
    expect(await readStoredToken(cliIo.env)).toBe("stale");
    expect(await currentStoredToken(cliIo.env)).toMatchObject({ token: "stale", expired: true });
  });

  it("refreshes a token about to expire, and says why when that fails", async () => {
    const { io: cliIo } = io();
    const soon = new Date(Date.now() + 10_000).toISOString();
    store(cliIo.env, {
      token: "soon",
      expiresAt: soon,
      refreshToken: "r",
      cognito: { clientId: "c", region: "eu-west-1", endpoint: "http://127.0.0.1:9" },
    });
    const current = await currentStoredToken(cliIo.env);
    expect(current).toMatchObject({ token: "soon", expired: false });
    expect(current?.refreshError).toContain("login failed");
  });
});

describe("docworker token", () => {
  it("prints --token, else DOCWORKER_TOKEN, else the stored token", async () => {
    const flag = io({ DOCWORKER_TOKEN: "from-env" });
    store(flag.io.env, { token: "from-file" });
    expect(await runCli(["--token", "from-flag", "token"], flag.io)).toBe(0);
    expect(flag.stdout.text).toBe("from-flag\n");

    const env = io({ DOCWORKER_TOKEN: "from-env" });
    store(env.io.env, { token: "from-file" });
    expect(await runCli(["token"], env.io)).toBe(0);
    expect(env.stdout.text).toBe("from-env\n");

    const file = io();
    store(file.io.env, { token: "from-file", expiresAt: inAnHour() });
    expect(await runCli(["token"], file.io)).toBe(0);
    expect(file.stdout.text).toBe("from-file\n");
  });

  it("prints JSON with the expiry on --json", async () => {
    const { io: cliIo, stdout } = io();
    const expiresAt = inAnHour();
    store(cliIo.env, { token: "t", expiresAt });
    expect(await runCli(["--json", "token"], cliIo)).toBe(0);
    expect(JSON.parse(stdout.text)).toEqual({ token: "t", expiresAt });
  });

  it("exits 1 and says to log in when there is no token, or it expired for good", async () => {
    const none = io();
    expect(await runCli(["token"], none.io)).toBe(1);
    expect(none.stdout.text).toBe("");
    expect(none.stderr.text).toContain("no token: log in with `docworker login");

    const expired = io();
    store(expired.io.env, { token: "t", expiresAt: "2020-01-01T00:00:00.000Z" });
    expect(await runCli(["token"], expired.io)).toBe(1);
    expect(expired.stdout.text).toBe("");
    expect(expired.stderr.text).toContain("the stored token expired at 2020-01-01T00:00:00.000Z");
  });

  it("reports a broken credentials file (exit 2)", async () => {
    const { io: cliIo, stderr } = io();
    store(cliIo.env, "{not json");
    expect(await runCli(["token"], cliIo)).toBe(2);
    expect(stderr.text).toContain("is not valid JSON");
  });
});
