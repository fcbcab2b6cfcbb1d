import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BedrockConverseClassifier,
  BedrockConverseExtractor,
  createBedrockRuntimeClient,
  DEFAULT_BEDROCK_CONFIG,
} from "@docworker/aws";
import { startBedrockStandIn } from "@docworker/bedrock-stand-in";
import { documentKeyForObject, silentLogger } from "@docworker/core";
import { openRuntime } from "@docworker/runtime";
import { startWorker } from "@docworker/worker";
import type { LabelledDocument } from "./labelled-set.ts";
import type { EvaluatedRecord, RunResult } from "./run-embedded-default.ts";

/**
 * Classification and extraction through the Bedrock adapters and the real SDK client, the rest of
 * the pipeline on the embedded adapters (the queue, the worker, Tesseract). Against the Bedrock
 * stand-in by default — rules behind the Converse wire format, not a model — or, with
 * EVAL_BEDROCK_MODEL_ID set and AWS credentials in the environment, against real Bedrock.
 */
export async function runBedrockPath(
  documents: LabelledDocument[],
  options: { log: (m: string) => void; modelId?: string; region?: string },
): Promise<RunResult> {
  const real = options.modelId !== undefined;
  const standIn = real ? undefined : await startBedrockStandIn({ port: 0, host: "127.0.0.1" });
  const modelId = options.modelId ?? DEFAULT_BEDROCK_CONFIG.extractionModelId;
  const client = createBedrockRuntimeClient({
    region: options.region ?? DEFAULT_BEDROCK_CONFIG.region,
    ...(standIn ? { endpoint: standIn.url, credentials: { accessKeyId: "eval", secretAccessKey: "eval" } } : {}),
    maxAttempts: 6,
  });
  const dataDir = mkdtempSync(join(tmpdir(), "docworker-eval-bedrock-"));
  // The embedded runtime as the worker service runs it, parsing and Tesseract in one worker
  // process, with the Bedrock adapters in place of the rules.
  const runtime = await openRuntime({
    name: "docworker-eval",
    serves: ["worker"],
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith("PARSE_"))),
      DOCWORKER_DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      EMBEDDINGS_PROVIDER: "hashing",
      EMBEDDING_DIMENSION: "256",
      WORKER_CONCURRENCY: "2",
      PARSE_WORKERS: "1",
      OCR_ENGINE: "tesseract",
      OCR_LANGUAGES: "eng",
      OCR_WORKERS: "1",
    },
    overrides: {
      extractor: new BedrockConverseExtractor({ client, modelId, maxInputChars: 120_000 }),
      classifier: new BedrockConverseClassifier({ client, modelId }),
      logger: silentLogger,
    },
  });
  const { deps, events } = runtime;
  if (!events) throw new Error("a runtime that serves the worker has its queue");
  const config = runtime.config.core;
  const worker = startWorker(deps, events, silentLogger);
  try {
    const records: EvaluatedRecord[] = [];
    for (const [i, document] of documents.entries()) {
      const started = performance.now();
      const ref = { bucket: config.rawBucket, key: `eval/${document.set}/${document.filename}` };
      await deps.blobs.put(ref, document.bytes, { contentType: document.contentType });
      const key = documentKeyForObject(ref, config.defaultTenantId);
      const deadline = Date.now() + 300_000;
      for (;;) {
        const record = await deps.metadata.get(key);
        if (record && (record.status === "PROCESSED" || record.status === "FAILED")) {
          records.push({ document, record, seconds: (performance.now() - started) / 1000 });
          break;
        }
        if (Date.now() > deadline) throw new Error(`${document.filename} did not finish`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if ((i + 1) % 10 === 0) options.log(`bedrock path: ${i + 1}/${documents.length}`);
    }
    const name = real ? `bedrock:${modelId}` : "bedrock-stand-in (rules behind the Converse wire format; not a model)";
    return {
      extractor: name,
      classifier: real ? `bedrock:${modelId} (forced tool)` : "bedrock-stand-in (keyword rules; not a model)",
      embedder: deps.embedder.model,
      path: "object put → event → worker: parse → OCR (Tesseract) → classify and extract over the real Bedrock Runtime SDK client",
      records,
    };
  } finally {
    await worker.stop?.();
    await runtime.close();
    client.destroy();
    await standIn?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
