import { access } from "node:fs/promises";
import { join } from "node:path";

/** Where the model files sit inside the model directory written by `make model-minilm`. */
export const MINILM_FILES = {
  onnx: "onnx/model_quantized.onnx",
  tokenizer: "tokenizer.json",
  tokenizerConfig: "tokenizer_config.json",
} as const;

/** The model directory is missing or incomplete: nothing will work until the files are fetched. */
export class ModelNotFoundError extends Error {
  readonly modelDir: string;
  readonly missing: string[];

  constructor(modelDir: string, missing: string[]) {
    super(
      `the all-MiniLM-L6-v2 model is not installed in ${modelDir} (missing: ${missing.join(", ")}): ` +
        "run `make model-minilm` to fetch it",
    );
    this.name = "ModelNotFoundError";
    this.modelDir = modelDir;
    this.missing = missing;
  }
}

/** Resolves the model's files, or throws ModelNotFoundError naming every one that is missing. */
export async function locateModelFiles(modelDir: string): Promise<Record<keyof typeof MINILM_FILES, string>> {
  const entries = Object.entries(MINILM_FILES) as [keyof typeof MINILM_FILES, string][];
  const missing: string[] = [];
  for (const [, file] of entries) {
    await access(join(modelDir, file)).catch(() => missing.push(file));
  }
  if (missing.length > 0) throw new ModelNotFoundError(modelDir, missing);
  return Object.fromEntries(entries.map(([key, file]) => [key, join(modelDir, file)])) as Record<
    keyof typeof MINILM_FILES,
    string
  >;
}
