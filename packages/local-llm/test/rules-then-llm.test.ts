import { RECEIPT_SCHEMA } from "@docworker/core";
import { createRulesExtractor } from "@docworker/local-models";
import { describe, expect, it } from "vitest";
import type { FieldFiller } from "../src/local-llm-extractor.ts";
import { createRulesThenLlmExtractor } from "../src/rules-then-llm.ts";

/** Records what the model part was asked for and answers with fixed values: the rules part is the real one. */
function recordingFiller(values: Record<string, unknown>) {
  const asked: string[][] = [];
  const filler: FieldFiller = {
    async fill(_request, fields) {
      asked.push([...fields]);
      return { values, model: "test-model", usage: { inputTokens: 100, outputTokens: 10 } };
    },
  };
  return { filler, asked };
}

const request = (text: string) => ({
  text,
  filename: "r.txt",
  mediaType: "text/plain",
  schema: RECEIPT_SCHEMA,
  headings: [],
  className: "receipt",
});

describe("createRulesThenLlmExtractor", () => {
  it("asks the model only for the fields the rules left empty, and keeps the rules' values", async () => {
    const text = "SOME SHOP SDN BHD\nTOTAL 12.50\nThank you";
    const rulesAlone = await createRulesExtractor().extract(request(text));
    const empty = Object.entries(rulesAlone.data)
      .filter(([, v]) => v === "")
      .map(([k]) => k);
    expect(empty.length).toBeGreaterThan(0);
    const { filler, asked } = recordingFiller({ company: "WRONG", date: "01/02/2019", address: "", total: "99" });
    const combined = await createRulesThenLlmExtractor(createRulesExtractor(), filler).extract(request(text));
    expect(asked).toEqual([empty]);
    expect(combined.extractor).toBe("rules+local-llm");
    expect(combined.model).toBe("test-model");
    for (const [name, value] of Object.entries(rulesAlone.data)) {
      if (!empty.includes(name)) expect(combined.data[name]).toEqual(value);
    }
    if (empty.includes("date")) {
      expect(combined.data.date).toBe("01/02/2019");
      expect(combined.fieldConfidence?.date).toBe(0.5);
    }
    expect(combined.usage.inputTokens).toBe(rulesAlone.usage.inputTokens + 100);
  });

  it("never calls the model when the rules fill every field", async () => {
    const text =
      "BOOK TA .K (TAMAN DAYA) SDN BHD\nNO.53 55,57 & 59, JALAN SAGU 18,\nTAMAN DAYA,\n81100 JOHOR BAHRU,\nJOHOR.\nDate: 25/12/2018\nCASHIER: X\nTOTAL: 9.00\nCASH 10.00";
    const rulesAlone = await createRulesExtractor().extract(request(text));
    expect(Object.values(rulesAlone.data).every((v) => v !== "")).toBe(true);
    const { filler, asked } = recordingFiller({});
    const combined = await createRulesThenLlmExtractor(createRulesExtractor(), filler).extract(request(text));
    expect(asked).toEqual([]);
    expect(combined.data).toEqual(rulesAlone.data);
    expect(combined.extractor).toBe("rules+local-llm");
  });

  it("fails EXTRACTION_INVALID when the merged object breaks the schema", async () => {
    const { filler } = recordingFiller({ company: 42, date: 7, address: 1, total: 3 });
    await expect(
      createRulesThenLlmExtractor(createRulesExtractor(), filler).extract(request("nothing to read")),
    ).rejects.toMatchObject({ code: "EXTRACTION_INVALID" });
  });
});
