import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DocumentRecord } from "@docworker/core";
import { startStandalone } from "@docworker/standalone";
import type { LabelledDocument } from "./labelled-set.ts";

export interface EvaluatedRecord {
  document: LabelledDocument;
  /** The record as GET /documents/{id} returns it. */
  record: Pick<DocumentRecord, "documentId" | "class" | "classConfidence" | "extraction" | "embedder" | "error"> & {
    status: string;
  };
  seconds: number;
}

export interface RunResult {
  /** What produced the records, named honestly. */
  extractor: string;
  classifier: string;
  embedder: string;
  path: string;
  records: EvaluatedRecord[];
}

/** The embedded extractors, as EXTRACTOR names them, with the name each run is reported under. */
export const EMBEDDED_EXTRACTORS = {
  rules: "rules",
  "local-llm":
    "local-llm (Qwen2.5-Coder-0.5B-Instruct, 4-bit, on llama.cpp; output constrained by a grammar from the class's schema)",
  "rules+local-llm": "rules+local-llm (the rules first, the same local model only for the fields they leave empty)",
} as const;
export type EmbeddedExtractor = keyof typeof EMBEDDED_EXTRACTORS;

/**
 * The embedded default, exactly as `make run` wires it (local classifier, Tesseract, the local
 * embedder; the rules extractor unless another embedded one is named), driven through its HTTP
 * API: POST /documents, PUT the bytes to the upload URL, poll GET /documents/{id}. Nothing is
 * called directly.
 */
export async function runEmbeddedDefault(
  documents: LabelledDocument[],
  options: {
    modelDir: string;
    log: (m: string) => void;
    extractor?: EmbeddedExtractor;
    llmModelPath?: string;
    /** Default: MiniLM when its model is fetched, else hashing — as `make run` does. */
    embeddings?: "hashing" | "minilm";
  },
): Promise<RunResult> {
  const extractor = options.extractor ?? "rules";
  const dataDir = mkdtempSync(join(tmpdir(), "docworker-eval-"));
  const embeddings = options.embeddings ?? (existsSync(options.modelDir) ? "minilm" : "hashing");
  const app = await startStandalone({
    port: 0,
    host: "127.0.0.1",
    env: {
      ...process.env,
      DOCWORKER_DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      EMBEDDINGS_PROVIDER: embeddings,
      MINILM_MODEL_DIR: options.modelDir,
      EXTRACTOR: extractor,
      ...(options.llmModelPath ? { LOCAL_LLM_MODEL_PATH: options.llmModelPath } : {}),
      // Two cores shared with others: one OCR thread, two documents at a time.
      WORKER_CONCURRENCY: "2",
      OCR_WORKERS: "1",
    },
  });
  try {
    const records: EvaluatedRecord[] = [];
    let embedder: string = embeddings;
    for (const [i, document] of documents.entries()) {
      const started = performance.now();
      const id = await upload(app.url, document);
      const record = await settled(app.url, id);
      embedder = record.embedder ?? embedder;
      records.push({ document, record, seconds: (performance.now() - started) / 1000 });
      if ((i + 1) % 10 === 0 || extractor !== "rules") options.log(`${extractor}: ${i + 1}/${documents.length}`);
    }
    return {
      extractor: EMBEDDED_EXTRACTORS[extractor],
      classifier: "local (keywords + embedding similarity)",
      embedder,
      path: "HTTP upload → S3-style event → worker: parse → OCR (Tesseract) → classify → extract → evidence",
      records,
    };
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function upload(url: string, document: LabelledDocument): Promise<string> {
  const response = await fetch(`${url}/documents`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ filename: document.filename, contentType: document.contentType }),
  });
  if (response.status !== 201) throw new Error(`POST /documents answered ${response.status}: ${await response.text()}`);
  const created = (await response.json()) as {
    documentId: string;
    upload: { url: string; headers: Record<string, string> };
  };
  const put = await fetch(created.upload.url, {
    method: "PUT",
    headers: created.upload.headers,
    body: Buffer.from(document.bytes),
  });
  if (put.status !== 200) throw new Error(`the upload answered ${put.status}`);
  return created.documentId;
}

async function settled(url: string, documentId: string): Promise<EvaluatedRecord["record"]> {
  // A local model on a loaded machine may take minutes for one document.
  const deadline = Date.now() + 900_000;
  for (;;) {
    const record = (await (await fetch(`${url}/documents/${documentId}`)).json()) as EvaluatedRecord["record"];
    if (record.status === "PROCESSED" || record.status === "FAILED") return record;
    if (Date.now() > deadline) throw new Error(`${documentId} is still ${record.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
