export { type ChunkSource, chunkIndexBody, type HnswParameters, metadataPair } from "./chunk-mapping.ts";
export type { OpenSearchCalls } from "./opensearch-calls.ts";
export { createOpenSearchClient, type OpenSearchClientConfig } from "./opensearch-client.ts";
export { loadOpenSearchConfig, type OpenSearchConfig } from "./opensearch-config.ts";
export { OpenSearchIndex, type OpenSearchIndexOptions } from "./opensearch-index.ts";
export { OpenSearchSpaceIndexes, type OpenSearchSpaceIndexesOptions } from "./opensearch-space-indexes.ts";
