import { join } from "node:path";
import { startStandalone } from "@docworker/standalone";
import type { BenchConfig } from "../config.ts";
import { mean, percentile, round } from "../stats.ts";

export interface UploadToSearchable {
  description: string;
  samples: number;
  p50: number;
  p95: number;
  mean: number;
  max: number;
  /** Written by runs before the AWS rows existed; the AWS figures are in the `aws` section now. */
  aws?: string;
}

interface Registered {
  documentId: string;
  upload: { url: string; method: string; headers: Record<string, string> };
}

/**
 * `make run`'s process (API + worker, embedded adapters, MiniLM): POST /documents, then the clock
 * starts at the PUT of the bytes to the pre-signed URL and stops when POST /search (keyword, a
 * word only that document holds) first returns the document. Polled every 5 ms; one at a time.
 */
export async function measureUploadToSearchable(cfg: BenchConfig): Promise<UploadToSearchable> {
  const server = await startStandalone({
    port: 0,
    host: "127.0.0.1",
    env: {
      ...process.env,
      DOCWORKER_DATA_DIR: join(cfg.workDir, "upload-to-searchable"),
      EMBEDDINGS_PROVIDER: "minilm",
      LOG_LEVEL: "error",
      MINILM_MODEL_DIR: cfg.modelDir,
    },
  });
  let samples: number[];
  try {
    samples = await sampleUploadToSearchable(server.url, cfg.quick ? 5 : 30, 5);
  } finally {
    await server.stop();
  }
  return {
    description:
      "embedded, one process (services/standalone), all-MiniLM-L6-v2; a 1 KB text document; from the start of the PUT to the first POST /search that returns it",
    samples: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    mean: round(mean(samples)),
    max: round(Math.max(...samples)),
  };
}

/**
 * `count` timed uploads (plus one untimed first, which warms the embedder up) through the API at
 * `baseUrl`: POST /documents, then the clock runs from the start of the PUT to the pre-signed URL
 * until POST /search (keyword, a word only that document holds) first returns the document,
 * polled every `pollMs`. One at a time. Milliseconds.
 */
export async function sampleUploadToSearchable(
  baseUrl: string,
  count: number,
  pollMs: number,
  onSample?: (documentId: string, startedAt: number) => void,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count + 1; i++) {
    const nonce = `zqx${i}k${Math.random().toString(36).slice(2, 8)}`;
    const body = `Meeting note ${i}\n\nThe committee reviewed ${nonce} and the budget for the office move. ${"Details follow. ".repeat(40)}`;
    const registered = (await (
      await fetch(`${baseUrl}/documents`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ filename: `note-${i}.txt`, contentType: "text/plain" }),
      })
    ).json()) as Registered;
    const started = performance.now();
    const put = await fetch(registered.upload.url, { method: "PUT", headers: registered.upload.headers, body });
    if (!put.ok) throw new Error(`upload refused: ${put.status} ${await put.text()}`);
    for (;;) {
      const response = await fetch(`${baseUrl}/search`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: nonce, k: 5, mode: "keyword" }),
      });
      const found = (await response.json()) as { results?: { documentId: string }[] };
      if (found.results?.some((r) => r.documentId === registered.documentId)) break;
      if (performance.now() - started > 90_000) throw new Error("a document did not become searchable in 90 s");
      await new Promise((r) => setTimeout(r, pollMs));
    }
    if (i === 0) continue;
    samples.push(performance.now() - started);
    onSample?.(registered.documentId, started);
  }
  return samples;
}
