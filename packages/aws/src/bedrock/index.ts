export {
  type BedrockClientOptions,
  bedrockClientConfig,
  bedrockClientOptions,
  createBedrockRuntimeClient,
} from "./bedrock-client.ts";
export {
  type BedrockConfig,
  DEFAULT_BEDROCK_CONFIG,
  loadBedrockConfig,
  type TitanDimension,
} from "./bedrock-config.ts";
export { fromBedrockError, isInputTooLong } from "./bedrock-errors.ts";
export {
  BedrockCohereEmbedder,
  type BedrockCohereEmbedderOptions,
  COHERE_MAX_TEXTS,
  cohereDimensions,
  isCohereEmbed,
} from "./cohere-embedder.ts";
export {
  BedrockConverseClassifier,
  type BedrockConverseClassifierOptions,
  CLASSIFY_TOOL,
  classificationTool,
} from "./converse-classifier.ts";
export { BedrockConverseExtractor, type BedrockConverseExtractorOptions } from "./converse-extractor.ts";
export { type BedrockAdapters, createBedrockAdapters } from "./create-bedrock-adapters.ts";
export { mergeWindowResults, planWindows, type TextWindow } from "./extraction-windows.ts";
export { BedrockTitanEmbedder, type BedrockTitanEmbedderOptions } from "./titan-embedder.ts";
