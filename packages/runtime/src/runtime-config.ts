import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type CoreConfig, loadCoreConfig } from "@docworker/core";

export interface RuntimeConfig {
  core: CoreConfig;
  /** Which adapters to wire: "embedded" (default, no cloud) or "aws". */
  adapters: "embedded";
  dataDir: string;
  /** "minilm" (a local sentence-embedding model) or "hashing" (lexical, no model). */
  embeddingsProvider: "hashing" | "minilm";
  modelDir: string;
  embeddingDimension: number;
  extractionSchemaPath?: string;
  /** Secret for the embedded store's upload URLs; generated and kept in the data dir when unset. */
  uploadSigningSecret?: string;
}

type Env = Record<string, string | undefined>;

export function loadRuntimeConfig(env: Env = process.env): RuntimeConfig {
  const adapters = env.DOCWORKER_ADAPTERS ?? "embedded";
  if (adapters !== "embedded") {
    throw new Error(
      `invalid configuration: DOCWORKER_ADAPTERS=${adapters} is not available in this build (supported: embedded)`,
    );
  }
  const modelDir = resolve(env.MINILM_MODEL_DIR ?? ".tools/models/all-MiniLM-L6-v2");
  const requested = env.EMBEDDINGS_PROVIDER ?? "auto";
  if (!["auto", "hashing", "minilm"].includes(requested)) {
    throw new Error(`invalid configuration: EMBEDDINGS_PROVIDER=${requested} (supported: auto, minilm, hashing)`);
  }
  // auto: the local model when `make model-minilm` has fetched it, else the lexical embedder.
  const provider =
    requested === "auto" ? (existsSync(modelDir) ? "minilm" : "hashing") : (requested as "hashing" | "minilm");
  const dimension = Number(env.EMBEDDING_DIMENSION ?? 512);
  if (!Number.isInteger(dimension) || dimension < 16 || dimension > 4096) {
    throw new Error("invalid configuration: EMBEDDING_DIMENSION must be an integer from 16 to 4096");
  }
  return {
    core: loadCoreConfig(env),
    adapters,
    dataDir: resolve(env.DOCWORKER_DATA_DIR ?? ".docworker"),
    embeddingsProvider: provider,
    modelDir,
    embeddingDimension: dimension,
    ...(env.EXTRACTION_SCHEMA_PATH ? { extractionSchemaPath: env.EXTRACTION_SCHEMA_PATH } : {}),
    ...(env.DOCWORKER_UPLOAD_SIGNING_SECRET ? { uploadSigningSecret: env.DOCWORKER_UPLOAD_SIGNING_SECRET } : {}),
  };
}
