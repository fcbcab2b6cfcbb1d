import type { ExtractionRequest } from "@docworker/core";

/** What the model reads: a fixed instruction, then the document and the fields to fill. */
export interface ExtractionPrompt {
  system: string;
  user: string;
}

/** Characters of document text the model reads; the key fields of a class sit near the top. */
export const MAX_PROMPT_TEXT_CHARACTERS = 4000;

const SYSTEM = [
  "You fill a JSON object from one document.",
  "Copy each value exactly as it appears in the document text.",
  "When the text does not hold a value, use an empty string, an empty list or null.",
].join(" ");

type PropertySchema = { description?: unknown; type?: unknown; items?: { type?: unknown } };

/**
 * The text comes first and the fields after it, each with its description from the class's
 * schema. Examples in a description ("e.g. '9.00'") are left out: a model of a few hundred
 * million parameters copies them into its answer instead of reading the document.
 */
export function buildExtractionPrompt(
  request: Pick<ExtractionRequest, "text" | "schema" | "className">,
  onlyFields?: readonly string[],
): ExtractionPrompt {
  const schema = request.schema.schema;
  const properties = (schema.properties ?? {}) as Record<string, PropertySchema>;
  const names = Object.keys(properties).filter((name) => !onlyFields || onlyFields.includes(name));
  const fields = names.map((name) => `- ${name}: ${describe(properties[name] ?? {})}`);
  const kind = request.className ?? (typeof schema.title === "string" ? schema.title : "document");
  const about = typeof schema.description === "string" ? ` (${withoutExamples(schema.description)})` : "";
  const text = request.text.slice(0, MAX_PROMPT_TEXT_CHARACTERS);
  return {
    system: SYSTEM,
    user: `Document text (a ${kind}${about}):\n"""\n${text}\n"""\n\nFill these fields from the text above:\n${fields.join("\n")}\n\nAnswer with the JSON object.`,
  };
}

function describe(property: PropertySchema): string {
  const description = typeof property.description === "string" ? withoutExamples(property.description) : "";
  const list = property.type === "array" ? "A list. " : "";
  return `${list}${description}`.trim() || "as written in the text.";
}

/** Drops "e.g. …" clauses, with the brackets or the punctuation around them. */
export function withoutExamples(description: string): string {
  return description
    .replace(/\s*\(e\.g\.[^)]*\)/g, "")
    .replace(/,?\s*e\.g\.\s*(?:'[^']*'(?:,?\s*(?:or\s+)?'[^']*')*|[^.;)]*)/g, "")
    .replace(/\s+([.;,])/g, "$1")
    .replace(/([.;,])\1+/g, "$1")
    .trim();
}
