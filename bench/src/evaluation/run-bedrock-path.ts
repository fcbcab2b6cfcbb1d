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
import {
  ClassCatalog,
  documentKeyForObject,
  loadCoreConfig,
  type PipelineDependencies,
  silentLogger,
} from "@docworker/core";
import { openEmbeddedAdapters } from "@docworker/embedded";
import { createHashingEmbedder } from "@docworker/local-models";
import { createParsePool, loadParsePoolConfig } from "@docworker/parse-pool";
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
  const config = loadCoreConfig({ WORKER_CONCURRENCY: "2" });
  const adapters = openEmbeddedAdapters({
    dataDir,
    rawBucket: config.rawBucket,
    processedBucket: config.processedBucket,
  });
  // Parsing and Tesseract in one worker process, as the embedded services run them.
  const preparer = createParsePool({
    ...loadParsePoolConfig(),
    workers: 1,
    tesseract: { languages: ["eng"], workers: 1 },
  });
  const embedder = createHashingEmbedder({ dimension: 256 });
  const deps: PipelineDependencies = {
    config,
    blobs: adapters.blobs,
    metadata: adapters.metadata,
    index: adapters.index,
    embedder,
    extractor: new BedrockConverseExtractor({ client, modelId, maxInputChars: 120_000 }),
    classifier: new BedrockConverseClassifier({ client, modelId }),
    classes: ClassCatalog.builtIn(),
    preparer,
    logger: silentLogger,
  };
  const worker = startWorker(deps, adapters.queue, silentLogger);
  try {
    const records: EvaluatedRecord[] = [];
    for (const [i, document] of documents.entries()) {
      const started = performance.now();
      const ref = { bucket: config.rawBucket, key: `eval/${document.set}/${document.filename}` };
      await adapters.blobs.put(ref, document.bytes, { contentType: document.contentType });
      const key = documentKeyForObject(ref, config.defaultTenantId);
      const deadline = Date.now() + 300_000;
      for (;;) {
        const record = await adapters.metadata.get(key);
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
      embedder: embedder.model,
      path: "object put → event → worker: parse → OCR (Tesseract) → classify and extract over the real Bedrock Runtime SDK client",
      records,
    };
  } finally {
    await worker.stop?.();
    await adapters.close();
    await preparer.close();
    client.destroy();
    await standIn?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
