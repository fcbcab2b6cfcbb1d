import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The whole log of a real `make run` process through an upload, its processing, reads, a list
// page and a search: no query string, signature or token may appear in any line of it.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let server: ChildProcess;
let base: string;
let dataDir: string;
let log = "";

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "docworker-logs-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["services/standalone/src/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(port),
      DOCWORKER_DATA_DIR: dataDir,
      EMBEDDINGS_PROVIDER: "hashing",
      LOG_LEVEL: "debug",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  await new Promise<void>((ready, failed) => {
    let banner = "";
    server.stderr?.on("data", (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes("docworker is running at")) ready();
    });
    server.once("exit", (code) => failed(new Error(`the server exited with ${code}: ${banner}`)));
  });
}, 60_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  if (server && server.exitCode === null) await new Promise((r) => server.once("exit", r));
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the log of an end-to-end run", () => {
  it("holds no query string, upload signature or token", async () => {
    const created = await fetch(`${base}/documents`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer not-a-real-token-but-secret" },
      body: JSON.stringify({ filename: "minutes.txt", contentType: "text/plain" }),
    });
    const { documentId, upload } = (await created.json()) as {
      documentId: string;
      upload: { url: string; headers: Record<string, string> };
    };
    const signature = new URL(upload.url).searchParams.get("X-Docworker-Signature") ?? "";
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    const put = await fetch(upload.url, {
      method: "PUT",
      headers: upload.headers,
      body: "The harbour board approved the budget on Tuesday.",
    });
    expect(put.status).toBe(200);
    // A replay is refused: its request line is logged too.
    expect((await fetch(upload.url, { method: "PUT", headers: upload.headers, body: "again" })).status).toBe(412);
    for (let i = 0; i < 200; i++) {
      const record = (await (await fetch(`${base}/documents/${documentId}`)).json()) as { status: string };
      if (record.status === "PROCESSED") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await fetch(`${base}/documents?limit=1&cursor=not-a-cursor`);
    // The reader's routes, the UI, an unknown path and a refused method, each with a query string
    // that must not reach the log; and an upload URL with a forged signature.
    const secretQuery = "access_token=query-secret-value";
    for (const path of [
      `/documents/${documentId}/chunks`,
      `/documents/${documentId}/content`,
      "/extraction-schema",
      "/",
      "/no-such-route",
    ]) {
      await fetch(`${base}${path}?${secretQuery}`);
    }
    await fetch(`${base}/documents?${secretQuery}`, { method: "PATCH" });
    const forged = new URL(upload.url);
    forged.searchParams.set("X-Docworker-Signature", "f".repeat(64));
    expect((await fetch(forged, { method: "PUT", headers: upload.headers, body: "forged" })).status).toBeGreaterThan(
      399,
    );
    await fetch(`${base}/search`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "harbour budget" }),
    });
    await new Promise((r) => setTimeout(r, 200)); // the last lines reach stdout

    const lines = log.split("\n").filter(Boolean);
    // The log is there, request lines included: an empty log would pass the checks below.
    expect(lines.some((line) => line.includes('"path":"/uploads/'))).toBe(true);
    expect(lines.some((line) => line.includes("document processed"))).toBe(true);
    expect(lines.some((line) => line.includes(`"path":"/documents/${documentId}/content"`))).toBe(true);
    expect(lines.some((line) => line.includes('"path":"/no-such-route"'))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain(signature);
      expect(line).not.toContain("X-Docworker-Signature");
      expect(line).not.toMatch(/[?&]X-Docworker-/);
      expect(line).not.toContain("cursor=");
      expect(line).not.toContain("query-secret-value");
      expect(line).not.toContain("f".repeat(64));
      expect(line).not.toContain("not-a-real-token-but-secret");
      expect(line.toLowerCase()).not.toContain("bearer ");
    }
  });
});
