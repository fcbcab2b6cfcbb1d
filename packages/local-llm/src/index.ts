export { DEFAULT_GRAMMAR_BOUNDS, type GrammarBounds, toGrammarSchema } from "./grammar-schema.ts";
export {
  createLocalLlmExtractor,
  type FieldFiller,
  type FilledFields,
  type LocalLlmExtractor,
  type LocalLlmOptions,
  onlyFields,
} from "./local-llm-extractor.ts";
export {
  assertModelFile,
  DEFAULT_LOCAL_LLM_MODEL_PATH,
  LOCAL_LLM_MODEL_NAME,
  LocalLlmModelNotFoundError,
} from "./model-file.ts";
export { buildExtractionPrompt, type ExtractionPrompt, MAX_PROMPT_TEXT_CHARACTERS, withoutExamples } from "./prompt.ts";
export { createRulesThenLlmExtractor, isEmpty } from "./rules-then-llm.ts";
