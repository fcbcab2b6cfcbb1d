import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadRuntimeConfig } from "../src/runtime-config.ts";
import { selectLocalExtractor } from "../src/select-extractor.ts";

describe("EXTRACTOR on the embedded adapters", () => {
  const scratch = mkdtempSync(join(tmpdir(), "local-extractor-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("reads the local LLM's model path and threads", () => {
    const config = loadRuntimeConfig({
      EXTRACTOR: "local-llm",
      LOCAL_LLM_MODEL_PATH: join(scratch, "m.gguf"),
      LOCAL_LLM_THREADS: "3",
    });
    expect(config.extractor).toBe("local-llm");
    expect(config.localLlm).toEqual({ modelPath: join(scratch, "m.gguf"), threads: 3 });
    expect(loadRuntimeConfig({}).localLlm.modelPath).toMatch(
      /\.tools\/models\/qwen2\.5-coder-0\.5b-instruct\/model\.gguf$/,
    );
    expect(() => loadRuntimeConfig({ LOCAL_LLM_THREADS: "0" })).toThrow(/invalid configuration: .*LOCAL_LLM_THREADS/);
  });

  it.each(["local-llm", "rules+local-llm"])(
    "EXTRACTOR=%s without the weights fails at start-up naming `make model-llm`",
    async (extractor) => {
      const config = loadRuntimeConfig({ EXTRACTOR: extractor, LOCAL_LLM_MODEL_PATH: join(scratch, "absent.gguf") });
      await expect(selectLocalExtractor(config)).rejects.toThrow(/absent\.gguf does not exist\. Run `make model-llm`/);
    },
  );

  it("keeps the rules extractor the default, and the local LLM off the AWS adapters", async () => {
    const rules = await selectLocalExtractor(loadRuntimeConfig({}));
    const output = await rules.extract({
      text: "Hello",
      filename: "a.txt",
      mediaType: "text/plain",
      schema: { id: "s", schema: { type: "object", properties: {} } },
      headings: [],
    });
    expect(output.extractor).toBe("rules");
    expect(() => loadRuntimeConfig({ DOCWORKER_ADAPTERS: "aws", EXTRACTOR: "local-llm", AUTH_MODE: "none" })).toThrow(
      /invalid configuration: EXTRACTOR=local-llm runs embedded only/,
    );
  });
});
