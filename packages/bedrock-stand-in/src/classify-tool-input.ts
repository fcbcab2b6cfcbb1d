import { ClassCatalog, createLocalClassifier, type DocumentClass, GENERIC_DOCUMENT_SCHEMA } from "@docworker/core";

type ClassProperty = { enum?: unknown[]; description?: string };

/** A tool whose input is one class out of an enum, with a confidence: a classification request. */
export function isClassificationTool(schema: Record<string, unknown>): boolean {
  const properties = (schema.properties ?? {}) as Record<string, ClassProperty>;
  return Array.isArray(properties.class?.enum) && properties.confidence !== undefined;
}

const classifier = createLocalClassifier();
const builtIn = new Map(ClassCatalog.builtIn().classes.map((c) => [c.name, c]));

/**
 * The stand-in's "model" for classification: docworker's keyword classifier (no embeddings)
 * over the classes the tool offers. Classes docworker ships keep their keywords; any other class
 * is known only by the words of its description ("name: description" lines of the enum's
 * description). This is not a model: it answers in the Converse wire format, nothing more.
 */
export async function classifyToolInput(
  text: string,
  schema: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const property = ((schema.properties ?? {}) as Record<string, ClassProperty>).class as ClassProperty;
  const names = (property.enum ?? []).filter((n): n is string => typeof n === "string");
  const described = new Map(
    (property.description ?? "").split("\n").flatMap((line) => {
      const at = line.indexOf(":");
      return at > 0 ? [[line.slice(0, at).trim(), line.slice(at + 1).trim()] as const] : [];
    }),
  );
  const classes: DocumentClass[] = names.map(
    (name) =>
      builtIn.get(name) ?? {
        name,
        description: described.get(name) ?? name,
        schema: GENERIC_DOCUMENT_SCHEMA,
        keywords: [
          name,
          ...(described.get(name) ?? "")
            .toLowerCase()
            .split(/\W+/)
            .filter((w) => w.length > 5),
        ],
        examples: [],
      },
  );
  const decided = await classifier.classify({ text, filename: "document", mediaType: "text/plain", classes });
  const chosen = names.includes(decided.class) ? decided.class : (names[0] ?? "generic");
  return { class: chosen, confidence: decided.confidence, reason: `stand-in keyword rules: ${decided.reason}` };
}
