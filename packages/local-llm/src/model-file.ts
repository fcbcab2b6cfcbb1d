import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** Where `make model-llm` puts the weights, relative to the repository root. */
export const DEFAULT_LOCAL_LLM_MODEL_PATH = ".tools/models/qwen2.5-coder-0.5b-instruct/model.gguf";

/** The name records carry as `extraction.model`: which weights produced a value. */
export const LOCAL_LLM_MODEL_NAME = "qwen2.5-coder-0.5b-instruct-q4";

export class LocalLlmModelNotFoundError extends Error {
  readonly modelPath: string;
  constructor(modelPath: string) {
    super(
      `the local LLM's weights are missing: ${modelPath} does not exist. Run \`make model-llm\` to fetch them (about 490 MB), or point LOCAL_LLM_MODEL_PATH at a GGUF file.`,
    );
    this.name = "LocalLlmModelNotFoundError";
    this.modelPath = modelPath;
  }
}

/** Fails at start-up, not on the first document, when the weights were never fetched. */
export function assertModelFile(modelPath: string): string {
  const absolute = resolve(modelPath);
  if (!existsSync(absolute)) throw new LocalLlmModelNotFoundError(absolute);
  return absolute;
}
