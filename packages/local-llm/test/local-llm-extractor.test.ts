import { existsSync } from "node:fs";
import { join } from "node:path";
import { ExtractionValidator, RECEIPT_SCHEMA } from "@docworker/core";
import { afterAll, describe, expect, it } from "vitest";
import { createLocalLlmExtractor, DEFAULT_LOCAL_LLM_MODEL_PATH, type LocalLlmExtractor } from "../src/index.ts";

const modelPath =
  process.env.LOCAL_LLM_MODEL_PATH ?? join(import.meta.dirname, "../../..", DEFAULT_LOCAL_LLM_MODEL_PATH);
const receipt = [
  "GOLDEN BAKERY SDN BHD",
  "(123456-A)",
  "NO. 12, JALAN MAWAR 3, TAMAN MAWAR,",
  "81100 JOHOR BAHRU, JOHOR.",
  "TAX INVOICE",
  "Date: 14/03/2018 Time: 10:21",
  "BREAD 1 4.50 4.50",
  "TOTAL 4.50",
  "CASH 5.00",
  "CHANGE 0.50",
].join("\n");

// The real model, when `make model-llm` has fetched it; skipped otherwise, like the MiniLM tests.
describe.skipIf(!existsSync(modelPath))("the local LLM extractor on the real model", () => {
  let extractor: LocalLlmExtractor | undefined;
  afterAll(async () => {
    await extractor?.close();
  });

  it("answers a receipt with an object the receipt schema validates, named for what produced it", async () => {
    extractor = createLocalLlmExtractor({ modelPath });
    const output = await extractor.extract({
      text: receipt,
      filename: "receipt.txt",
      mediaType: "text/plain",
      schema: RECEIPT_SCHEMA,
      headings: [],
      className: "receipt",
    });
    expect(new ExtractionValidator().validate(RECEIPT_SCHEMA, output.data).valid).toBe(true);
    expect(output.extractor).toBe("local-llm");
    expect(output.model).toBe("qwen2.5-coder-0.5b-instruct-q4");
    expect(output.usage.inputTokens).toBeGreaterThan(50);
    expect(output.usage.outputTokens).toBeGreaterThan(5);
    // The one value a printed "TOTAL" line leaves no doubt about.
    expect(output.data.total).toBe("4.50");
    // Only the fields asked for, for the rules-first combination.
    const filled = await extractor.fill(
      { text: receipt, filename: "r.txt", mediaType: "text/plain", schema: RECEIPT_SCHEMA, headings: [] },
      ["date"],
    );
    expect(Object.keys(filled.values)).toEqual(["date"]);
  }, 600_000);
});
