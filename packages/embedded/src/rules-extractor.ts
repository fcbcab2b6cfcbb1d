import { type ExtractionOutput, type ExtractionRequest, ExtractionValidator, type Extractor } from "@docworker/core";
import { fillGenericFields } from "./rules/generic-fields.ts";

/**
 * The embedded extractor: no model, only rules (headings, first sentences, date parsing, regular
 * expressions for amounts and e-mails). It reports itself as `extractor: "rules"` so nobody
 * mistakes its output for an LLM's. For a custom schema it fills the properties it knows by name
 * and leaves the rest to the schema's defaults; output that does not validate fails the document
 * with EXTRACTION_INVALID, exactly as a model's would.
 */
export function createRulesExtractor(): Extractor {
  const validator = new ExtractionValidator();
  return {
    async extract(request: ExtractionRequest): Promise<ExtractionOutput> {
      const known = fillGenericFields(request);
      const properties = (request.schema.schema.properties ?? {}) as Record<string, { default?: unknown }>;
      const data: Record<string, unknown> = {};
      for (const [name, definition] of Object.entries(properties)) {
        if (name in known) data[name] = known[name];
        else if (definition && "default" in definition) data[name] = definition.default;
      }
      validator.assertValid(request.schema, data, "rules extractor");
      return { data, extractor: "rules", usage: { inputTokens: 0, outputTokens: 0 } };
    },
  };
}
