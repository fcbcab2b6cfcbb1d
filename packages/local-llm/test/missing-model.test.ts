import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLocalLlmExtractor, LocalLlmModelNotFoundError } from "../src/index.ts";

// These run whether or not `make model-llm` fetched the weights: they never get as far as loading them.
describe("createLocalLlmExtractor without the model", () => {
  it("fails at creation, naming the missing file and `make model-llm`", () => {
    const modelPath = join(import.meta.dirname, "no-such-model.gguf");
    let error: unknown;
    try {
      createLocalLlmExtractor({ modelPath });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(LocalLlmModelNotFoundError);
    expect((error as LocalLlmModelNotFoundError).modelPath).toBe(modelPath);
    expect((error as Error).message).toContain(modelPath);
    expect((error as Error).message).toContain("make model-llm");
  });
});
