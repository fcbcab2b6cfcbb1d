import { type ExtractionOutput, ExtractionValidator, type Extractor } from "@docworker/core";
import type { FieldFiller } from "./local-llm-extractor.ts";

/** Below the rules' labelled fields: a model's value found nowhere near a label is a guess. */
const FILLED_CONFIDENCE = 0.5;

/**
 * Rules first, the model only for the fields the rules left empty: the rules are right more
 * often where they answer at all, and the model's call is shorter when it fills fewer fields.
 * A document the rules fill completely never reaches the model. Reported as its own extractor,
 * `rules+local-llm`, so nobody reads its figures as either part's.
 */
export function createRulesThenLlmExtractor(rules: Extractor, llm: FieldFiller): Extractor {
  const validator = new ExtractionValidator();
  return {
    async extract(request): Promise<ExtractionOutput> {
      const first = await rules.extract(request);
      const properties = Object.keys((request.schema.schema.properties ?? {}) as Record<string, unknown>);
      const empty = properties.filter((name) => isEmpty(first.data[name]));
      if (empty.length === 0) return { ...first, extractor: "rules+local-llm" };
      const filled = await llm.fill(request, empty);
      const data = { ...first.data };
      const fieldConfidence = { ...first.fieldConfidence };
      for (const name of empty) {
        if (isEmpty(filled.values[name])) continue;
        data[name] = filled.values[name];
        fieldConfidence[name] = FILLED_CONFIDENCE;
      }
      validator.assertValid(request.schema, data, "rules+local-llm extractor");
      return {
        data,
        extractor: "rules+local-llm",
        model: filled.model,
        fieldConfidence,
        usage: {
          inputTokens: first.usage.inputTokens + filled.usage.inputTokens,
          outputTokens: first.usage.outputTokens + filled.usage.outputTokens,
        },
      };
    },
  };
}

export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  return false;
}
