export { createMiniLmEmbedder, type MiniLmEmbedder, type MiniLmEmbedderOptions } from "./minilm-embedder.ts";
export { MINILM_FILES, ModelNotFoundError } from "./model-files.ts";
