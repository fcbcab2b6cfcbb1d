export { createHashingEmbedder } from "./hashing-embedder.ts";
export { createRulesExtractor } from "./rules-extractor.ts";
