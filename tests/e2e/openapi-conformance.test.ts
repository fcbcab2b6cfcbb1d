import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type RunningStandalone, startStandalone } from "@docworker/standalone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// schemathesis (from PyPI, in .tools/schemathesis-venv) generates requests from /openapi.json,
// valid and invalid, single and chained (create, read, list, delete), and checks every response
// against the document: status, media type, headers and body schema, and that nothing is a 5xx.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCHEMATHESIS = join(ROOT, ".tools/schemathesis-venv/bin/schemathesis");
// Per operation and phase: enough to reach every documented status, small enough for `make test`.
const MAX_EXAMPLES = 25;

let app: RunningStandalone;
let dataDir: string;
// A PROCESSED document, so the routes that need one (its chunks, its file) answer 200 too.
let processedId: string;

async function processedDocument(base: string): Promise<string> {
  const created = await fetch(`${base}/documents`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ filename: "minutes.txt", contentType: "text/plain" }),
  });
  const { documentId, upload } = (await created.json()) as {
    documentId: string;
    upload: { url: string; headers: Record<string, string> };
  };
  const put = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: "The harbour board met." });
  if (!put.ok) throw new Error(`the upload answered ${put.status}`);
  for (let i = 0; i < 400; i++) {
    const record = (await (await fetch(`${base}/documents/${documentId}`)).json()) as { status: string };
    if (record.status === "PROCESSED") return documentId;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${documentId} was not processed in time`);
}

beforeAll(async () => {
  execFileSync("bash", [join(ROOT, "scripts/api/setup-schemathesis.sh")], { stdio: "inherit" });
  dataDir = mkdtempSync(join(tmpdir(), "docworker-schemathesis-"));
  app = await startStandalone({
    port: 0,
    host: "127.0.0.1",
    env: {
      DOCWORKER_DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      EMBEDDINGS_PROVIDER: "hashing",
      // The run is one client sending a few thousand requests: the per-tenant limit is not under test.
      RATE_LIMIT_PER_MINUTE: "1000000",
    },
  });
  processedId = await processedDocument(app.url);
}, 600_000);

afterAll(async () => {
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the API against its OpenAPI document (schemathesis)", () => {
  it("answers every generated request as documented: no server error, no schema violation", async () => {
    const run = promisify(execFile);
    const args = [
      "--config-file",
      join(ROOT, "tests/e2e/schemathesis.toml"),
      "--no-color",
      "run",
      `${app.url}/openapi.json`,
      "--checks",
      "all",
      // A DELETED document stays readable (status DELETED) by design: clients follow the delete there.
      "--exclude-checks",
      "use_after_free",
      "--max-examples",
      String(MAX_EXAMPLES),
      "--seed",
      "20261201",
      // One worker: hypothesis's lambda introspection is not thread-safe on Python 3.11.
      "--workers",
      "1",
      "--request-timeout",
      "10",
    ];
    const result = await run(SCHEMATHESIS, args, {
      // Its cache and example database land in the working directory: the run's own, not the tree.
      cwd: dataDir,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 240_000,
      env: { ...process.env, DOCWORKER_PROCESSED_DOCUMENT_ID: processedId },
    }).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? 1,
        output: `${error.stdout ?? ""}${error.stderr ?? ""}`,
      }),
    );
    expect(result.code, result.output.slice(-20_000)).toBe(0);
  }, 300_000);
});
