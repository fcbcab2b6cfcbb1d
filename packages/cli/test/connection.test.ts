import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.ts";
import { resolveConnection } from "../src/config/connection.ts";
import { credentialsPath } from "../src/config/credentials-file.ts";
import { captureIo } from "./support/capture-io.ts";
import { type RealApi, startRealApi } from "./support/real-api.ts";

const MAIN = join(import.meta.dirname, "..", "src", "main.ts");
const run = promisify(execFile);

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let api: RealApi;
beforeAll(async () => {
  api = await startRealApi({ token: "t0ken" });
});
afterAll(() => api.close());

describe("when the API is not running", () => {
  it("says so, names the URL and how to start it, and exits 1 (real process)", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const failure = await run(process.execPath, [MAIN, "--api", url, "search", "anything"], {
      env: { ...process.env, NO_COLOR: "1", XDG_CONFIG_HOME: join(import.meta.dirname, "no-such-config-dir") },
    }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toBe("");
    expect(failure?.stderr).toContain(`error: the docworker API is not running at ${url} (connection refused).`);
    expect(failure?.stderr).toContain("`make run`");
  });

  it("stops an ingest at the first refused connection", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { io, stdout, stderr } = captureIo();
    expect(await runCli(["--api", url, "ingest", MAIN, "--wait"], io)).toBe(1);
    expect(stdout.text).toBe("");
    expect(stderr.text).toContain(`not running at ${url}`);
  });
});

describe("authentication", () => {
  it("answers 401 with the problem's code and a hint when no token is given", async () => {
    const { io, stderr } = captureIo();
    expect(await runCli(["--api", api.url, "list"], io)).toBe(1);
    expect(stderr.text).toContain("error: UNAUTHORIZED: a valid bearer token is required");
    expect(stderr.text).toContain("hint: sign in with `docworker login");
  });

  it("takes the token from --token, DOCWORKER_TOKEN or the credentials file, in that order", async () => {
    const viaFlag = captureIo({ env: { DOCWORKER_TOKEN: "wrong" } });
    expect(await runCli(["--api", api.url, "--token", "t0ken", "list"], viaFlag.io)).toBe(0);
    const viaEnv = captureIo({ env: { DOCWORKER_TOKEN: "t0ken" } });
    expect(await runCli(["--api", api.url, "list"], viaEnv.io)).toBe(0);

    const viaFile = captureIo();
    const path = credentialsPath(viaFile.io.env);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, JSON.stringify({ token: "t0ken" }));
    expect(await runCli(["--api", api.url, "list"], viaFile.io)).toBe(0);
    expect(api.requests.at(-1)?.headers.authorization).toBe("Bearer t0ken");
    rmSync(viaFile.io.env.XDG_CONFIG_HOME ?? "", { recursive: true, force: true });
  });

  it("reports a broken credentials file instead of ignoring it (exit 2)", async () => {
    const { io, stderr } = captureIo();
    const path = credentialsPath(io.env);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, "{not json");
    expect(await runCli(["--api", api.url, "list"], io)).toBe(2);
    expect(stderr.text).toContain(`error: ${path} is not valid JSON`);
    rmSync(io.env.XDG_CONFIG_HOME ?? "", { recursive: true, force: true });
  });
});

describe("resolveConnection", () => {
  it("uses --api, then DOCWORKER_API_URL, then 127.0.0.1 on $PORT (default 3000)", async () => {
    const env = { XDG_CONFIG_HOME: "/nonexistent" };
    expect(await resolveConnection({ api: "http://a:1/" }, { ...env, DOCWORKER_API_URL: "http://b:2" })).toEqual({
      apiUrl: "http://a:1",
    });
    expect((await resolveConnection({}, { ...env, DOCWORKER_API_URL: "https://b.example/prod/" })).apiUrl).toBe(
      "https://b.example/prod",
    );
    expect((await resolveConnection({}, { ...env, PORT: "4100" })).apiUrl).toBe("http://127.0.0.1:4100");
    expect((await resolveConnection({}, env)).apiUrl).toBe("http://127.0.0.1:3000");
    await expect(resolveConnection({ api: "ftp://x" }, env)).rejects.toThrow("expected http(s)");
  });
});

describe("usage", () => {
  it("exits 2 on a bad flag value, 0 on --help", async () => {
    const bad = captureIo();
    expect(await runCli(["search", "x", "--k", "0"], bad.io)).toBe(2);
    expect(bad.stderr.text).toContain("expected a whole number from 1 to 100");
    const help = captureIo();
    expect(await runCli(["--help"], help.io)).toBe(0);
    expect(help.stdout.text).toContain("Usage: docworker");
    expect(await runCli([], captureIo().io)).toBe(2);
    const empty = captureIo();
    expect(await runCli(["--api", api.url, "search", " "], empty.io)).toBe(2);
    expect(empty.stderr.text).toBe("error: the query is empty\n");
  });
});
