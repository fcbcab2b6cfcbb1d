import { type ExtractionOutput, type ExtractionRequest, ExtractionValidator, type Extractor } from "@docworker/core";
import { fillContractFields, fillEmailFields, fillInvoiceFields } from "./rules/class-fields.ts";
import { fillReceiptFields } from "./rules/receipt-fields.ts";

type ClassRules = (text: string, headings: readonly string[]) => Record<string, { value: unknown; confidence: number }>;

/** Rules per class, by class name (or the schema's title): they fill the properties they know by name. */
const CLASS_RULES: Record<string, ClassRules> = {
  receipt: fillReceiptFields,
  invoice: fillInvoiceFields,
  contract: fillContractFields,
  email: fillEmailFields,
};

/** Generic fields are found less surely than labelled ones. */
const GENERIC_CONFIDENCE = 0.6;

/**
 * The embedded extractor: no model, only rules (labels, layout, date and amount patterns; for
 * the generic schema headings and first sentences). It reports itself as `extractor: "rules"` so
 * nobody mistakes its output for an LLM's. For a custom schema it fills the properties it knows
 * by name and leaves the rest to the schema's defaults; output that does not validate fails the
 * document with EXTRACTION_INVALID, exactly as a model's would.
 */
export function createRulesExtractor(): Extractor {
  const validator = new ExtractionValidator();
  // chrono-node and franc (about 25 MB resident) come with the first document: a process that
  // never extracts (the API) never loads them.
  let generic: Promise<typeof import("./rules/generic-fields.ts")> | undefined;
  return {
    async extract(request: ExtractionRequest): Promise<ExtractionOutput> {
      const className = request.className ?? titleOf(request.schema.schema);
      const rules = className ? CLASS_RULES[className] : undefined;
      const byClass = rules ? rules(request.text, request.headings) : {};
      const properties = (request.schema.schema.properties ?? {}) as Record<string, { default?: unknown }>;
      generic ??= import("./rules/generic-fields.ts");
      const unlabelled = Object.keys(properties).filter((name) => !byClass[name]);
      const found = (await generic).fillGenericFields(request, unlabelled);
      const data: Record<string, unknown> = {};
      const fieldConfidence: Record<string, number> = {};
      for (const [name, definition] of Object.entries(properties)) {
        const labelled = byClass[name];
        if (labelled) {
          data[name] = labelled.value;
          fieldConfidence[name] = labelled.confidence;
        } else if (name in found) {
          data[name] = found[name];
          fieldConfidence[name] = GENERIC_CONFIDENCE;
        } else if (definition && "default" in definition) {
          data[name] = definition.default;
          fieldConfidence[name] = 0;
        }
      }
      validator.assertValid(request.schema, data, "rules extractor");
      return { data, extractor: "rules", fieldConfidence, usage: { inputTokens: 0, outputTokens: 0 } };
    },
  };
}

function titleOf(schema: Record<string, unknown>): string | undefined {
  return typeof schema.title === "string" ? schema.title.toLowerCase() : undefined;
}
