import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Embedder } from "@docworker/core";
import type { RuntimeConfig } from "./runtime-config.ts";

/** The local embedder configuration names; the model package is loaded only when asked for. */
export async function selectLocalEmbedder(config: RuntimeConfig): Promise<Embedder> {
  if (config.embeddingsProvider === "minilm") {
    const { createMiniLmEmbedder } = await import("@docworker/local-models/minilm");
    return createMiniLmEmbedder({ modelDir: config.modelDir });
  }
  const { createHashingEmbedder } = await import("@docworker/local-models");
  return createHashingEmbedder({ dimension: config.embeddingDimension });
}

/**
 * Vectors from two embedders cannot be compared. The data directory remembers which embedder
 * filled its index, and a different one is refused with a clear way out rather than mixing them.
 */
export function assertSameEmbedder(dataDir: string, embedder: Embedder): void {
  const file = join(dataDir, "embedder.json");
  const current = { model: embedder.model, dimension: embedder.dimension };
  if (!existsSync(file)) {
    writeFileSync(file, `${JSON.stringify(current)}\n`, { mode: 0o600 });
    return;
  }
  const stored = JSON.parse(readFileSync(file, "utf8")) as typeof current;
  if (stored.model !== current.model || stored.dimension !== current.dimension) {
    throw new Error(
      `invalid configuration: ${dataDir} was indexed with ${stored.model} (${stored.dimension} dimensions), but ${current.model} is configured. ` +
        `Set EMBEDDINGS_PROVIDER to match, or use a new DOCWORKER_DATA_DIR.`,
    );
  }
}
