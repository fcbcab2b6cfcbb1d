import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMiniLmEmbedder, ModelNotFoundError } from "../src/minilm/index.ts";

// These run whether or not the model was fetched: they never get as far as loading it.
describe("createMiniLmEmbedder without the model", () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "minilm-embedder-"));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it("tells the user to run `make model-minilm` when the model directory is missing", async () => {
    const modelDir = join(scratch, "no-such-model");
    const error = await createMiniLmEmbedder({ modelDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect((error as ModelNotFoundError).modelDir).toBe(modelDir);
    expect((error as Error).message).toContain(modelDir);
    expect((error as Error).message).toContain("make model-minilm");
  });

  it("names the files that are missing from an incomplete model directory", async () => {
    await writeFile(join(scratch, "tokenizer.json"), "{}");
    const error = await createMiniLmEmbedder({ modelDir: scratch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect((error as ModelNotFoundError).missing).toEqual(["onnx/model_quantized.onnx", "tokenizer_config.json"]);
  });

  it.each([
    [{ batchSize: 0 }, /batchSize must be a positive integer/],
    [{ batchSize: 2.5 }, /batchSize must be a positive integer/],
    [{ threads: 0 }, /threads must be a positive integer/],
    [{ maxTokens: 1 }, /maxTokens must be from 2 to 512/],
    [{ maxTokens: 513 }, /maxTokens must be from 2 to 512/],
  ])("rejects the invalid option %o before looking for the model", async (option, message) => {
    await expect(createMiniLmEmbedder({ modelDir: join(scratch, "none"), ...option })).rejects.toThrow(message);
  });
});
