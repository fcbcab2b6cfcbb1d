import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { percentile, round } from "../stats.ts";
import { writeSection } from "./health-report.ts";
import { longDocx, longPdf, longText } from "./heavy-documents.ts";

// `/health` latency while `make run` ingests three heavy documents: a benchmark, not a test. It
// starts services/standalone of the checkout given by --root (default: this one) as `make run`
// does, probes /health one request at a time every 20 ms, uploads a 1,200-page text, an 800-page
// DOCX and a 400-page PDF at once through the API, and stops when all three are final. It prints
// the latency percentiles, the ingest time and the peak memory of the server with its children.
//   node bench/src/health/health-under-ingest.ts [--root <checkout>] [--label before|after] [--write]
// --write records the run under its label in docs/benchmarks/health-under-ingest.json and
// rewrites that benchmark's section of docs/benchmarks.md from every recorded label.

const root = resolve(argValue("--root") ?? new URL("../../..", import.meta.url).pathname);
const PROBE_INTERVAL_MS = 20;
const PROBE_TIMEOUT_MS = 60_000;
// A run that does not finish in this long reports what it has, with the documents' statuses then.
const MAX_SECONDS = Number(argValue("--max-seconds") ?? 900);

function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Resident memory of a process and all its descendants, in MB. */
function treeRssMb(pid: number): number {
  let total = 0;
  const pids = [pid];
  while (pids.length > 0) {
    const current = pids.pop() as number;
    try {
      const status = readFileSync(`/proc/${current}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(current)], { encoding: "utf8" });
      pids.push(...children.split("\n").filter(Boolean).map(Number));
    } catch {
      // exited meanwhile, or has no children (ps exits 1)
    }
  }
  return total;
}

async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["services/standalone/src/main.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DOCWORKER_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  await new Promise<void>((ready, failed) => {
    let output = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("docworker is running at")) ready();
    });
    child.once("exit", (code) => failed(new Error(`the server exited (${code}): ${output.slice(-2000)}`)));
  });
  child.stderr?.resume();
  return child;
}

async function upload(base: string, filename: string, contentType: string, bytes: Uint8Array): Promise<string> {
  const created = await fetch(`${base}/documents`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ filename, contentType }),
  });
  const { documentId, upload: target } = (await created.json()) as {
    documentId: string;
    upload: { url: string; headers: Record<string, string> };
  };
  const put = await fetch(target.url, { method: "PUT", headers: target.headers, body: bytes });
  if (!put.ok) throw new Error(`upload of ${filename} answered ${put.status}`);
  return documentId;
}

async function waitUntilFinal(base: string, documentId: string, deadline: number): Promise<Record<string, unknown>> {
  let record: Record<string, unknown> = { status: "UNKNOWN" };
  while (Date.now() < deadline) {
    try {
      record = (await (
        await fetch(`${base}/documents/${documentId}`, { signal: AbortSignal.timeout(30_000) })
      ).json()) as Record<string, unknown>;
    } catch {
      // the API did not answer within 30 s: keep waiting, the probes record it
    }
    if (record.status === "PROCESSED" || record.status === "FAILED") return record;
    await new Promise((r) => setTimeout(r, 500));
  }
  return { ...record, status: `${String(record.status)} after ${MAX_SECONDS} s` };
}

const documents = [
  { filename: "book-1200-pages.txt", contentType: "text/plain", bytes: longText(1200) },
  {
    filename: "manual-800-pages.docx",
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    bytes: longDocx(800),
  },
  { filename: "report-400-pages.pdf", contentType: "application/pdf", bytes: longPdf(400) },
];

const dataDir = mkdtempSync(join(tmpdir(), "docworker-health-bench-"));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = await startServer(dataDir, port);
const latencies: number[] = [];
let probing = true;
let peakRssMb = treeRssMb(server.pid as number);
const memory = setInterval(() => {
  peakRssMb = Math.max(peakRssMb, treeRssMb(server.pid as number));
}, 250);

const probes = (async () => {
  while (probing) {
    const started = performance.now();
    try {
      const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      await response.arrayBuffer();
    } catch {
      // a timed-out probe counts with the time it waited
    }
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, PROBE_INTERVAL_MS));
  }
})();

try {
  await new Promise((r) => setTimeout(r, 2000)); // a quiet baseline first
  const ingestStarted = performance.now();
  const deadline = Date.now() + MAX_SECONDS * 1000;
  // An upload the server does not answer (its event loop blocked) is a result, not a crash.
  const records = await Promise.all(
    documents.map(async (d) => {
      let id: string;
      try {
        id = await upload(base, d.filename, d.contentType, d.bytes);
      } catch (error) {
        return { status: `upload failed: ${(error as Error).cause ?? (error as Error).message}` };
      }
      return waitUntilFinal(base, id, deadline);
    }),
  );
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;
  probing = false;
  await probes;
  clearInterval(memory);
  const result = {
    root,
    samples: latencies.length,
    healthMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(Math.max(...latencies)),
    },
    ingestSeconds: round(ingestSeconds),
    peakRssMb: round(peakRssMb),
    documents: records.map((r, i) => ({
      filename: documents[i]?.filename,
      megabytes: round((documents[i]?.bytes.byteLength ?? 0) / 1e6, 2),
      status: r.status,
      chunkCount: r.chunkCount,
      pageCount: r.pageCount,
      ...(r.error ? { error: r.error as { code: string; message: string } } : {}),
    })),
  };
  console.log(JSON.stringify(result, null, 2));
  if (process.argv.includes("--write")) writeSection(argValue("--label") ?? "run", result);
} finally {
  probing = false;
  clearInterval(memory);
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  rmSync(dataDir, { recursive: true, force: true });
}
