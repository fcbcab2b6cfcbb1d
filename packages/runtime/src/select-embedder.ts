import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Embedder, type VectorSpace, vectorSpaceOf } from "@docworker/core";
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
 * The embedder a data directory's index was filled with before vector spaces existed, from the
 * `embedder.json` those releases wrote: that index is the first (home) space, whatever is
 * configured now. Undefined: a new data directory, or one that has its vector-space pointer.
 */
export function legacyEmbedderSpace(dataDir: string): VectorSpace | undefined {
  const file = join(dataDir, "embedder.json");
  if (!existsSync(file)) return undefined;
  const stored = JSON.parse(readFileSync(file, "utf8")) as { model: string; dimension: number };
  return vectorSpaceOf(stored);
}

/**
 * Builds the embedder of a vector space that is not the configured one: the active space's, while
 * the configured embedder's space is being filled, so searches embed their queries as its
 * documents were. `bedrock` builds a Bedrock model's (AWS adapters only).
 */
export async function embedderForSpace(
  space: VectorSpace,
  config: RuntimeConfig,
  bedrock?: (modelId: string, dimension: number) => Promise<Embedder>,
): Promise<Embedder> {
  if (/^hashing-lexical-v1-\d+$/.test(space.model)) {
    const { createHashingEmbedder } = await import("@docworker/local-models");
    return createHashingEmbedder({ dimension: space.dimension });
  }
  if (/minilm/i.test(space.model)) return selectLocalEmbedder({ ...config, embeddingsProvider: "minilm" });
  if (bedrock) return bedrock(space.model, space.dimension);
  throw new Error(
    `invalid configuration: searches read the vector space of ${space.model} (${space.dimension} dimensions), which this runtime cannot embed queries for`,
  );
}
