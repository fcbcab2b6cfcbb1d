import { createHash } from "node:crypto";
import { createRulesExtractor } from "@docworker/local-models";

type PropertySchema = { type?: string | string[]; default?: unknown; enum?: unknown[]; const?: unknown };

/**
 * The "model" behind the stand-in's Converse: the embedded rules (headings, first sentences,
 * dates, amounts, e-mails), kept to the tool schema's properties with the schema's defaults, as
 * the rules extractor does. Required properties the rules know nothing about get an empty value
 * of their type, and values of the wrong top-level type are replaced the same way, so a
 * custom schema gets an answer that validates, as a well-behaved model's would.
 */
export class RulesToolInput {
  private readonly rules = createRulesExtractor();

  async fill(text: string, schema: Record<string, unknown>): Promise<Record<string, unknown>> {
    const properties = (schema.properties ?? {}) as Record<string, PropertySchema>;
    // The rules extractor validates its output against the schema it is given: hand it one that
    // only names the properties (and their defaults), and check the types here instead.
    const permissive = {
      type: "object",
      properties: Object.fromEntries(
        Object.entries(properties).map(([name, definition]) => [
          name,
          definition && "default" in definition ? { default: definition.default } : {},
        ]),
      ),
    };
    const id = `stand-in/${createHash("sha256").update(JSON.stringify(permissive)).digest("hex").slice(0, 16)}`;
    const { data } = await this.rules.extract({
      text,
      filename: "document.txt",
      mediaType: "text/plain",
      headings: [],
      schema: { id, schema: permissive },
      // The rules for a class are chosen by the schema's title, e.g. "Receipt".
      ...(typeof schema.title === "string" ? { className: schema.title.toLowerCase() } : {}),
    });
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    for (const [name, definition] of Object.entries(properties)) {
      const value = data[name];
      if (value === undefined && !required.has(name)) continue;
      if (value === undefined || !matchesType(value, definition)) data[name] = emptyValue(definition);
    }
    return data;
  }
}

/** An input that breaks the schema: the first required property dropped, another of the wrong type. */
export function spoil(input: Record<string, unknown>, schema: Record<string, unknown>): Record<string, unknown> {
  const spoiled: Record<string, unknown> = { ...input };
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const dropped = required[0];
  if (dropped) delete spoiled[dropped];
  const properties = (schema.properties ?? {}) as Record<string, PropertySchema>;
  const victim = Object.keys(properties).find((name) => name !== dropped);
  if (victim) spoiled[victim] = typeOf(properties[victim]) === "number" ? "not a number" : 42;
  if (!dropped && !victim) spoiled.unexpected_property = true;
  return spoiled;
}

function typeOf(definition: PropertySchema | undefined): string | undefined {
  const type = definition?.type;
  return Array.isArray(type) ? type[0] : type;
}

function matchesType(value: unknown, definition: PropertySchema | undefined): boolean {
  const types = definition?.type === undefined ? [] : [definition.type].flat();
  if (types.length === 0) return true;
  return types.some((type) => {
    switch (type) {
      case "string":
        return typeof value === "string";
      case "number":
        return typeof value === "number";
      case "integer":
        return Number.isInteger(value);
      case "boolean":
        return typeof value === "boolean";
      case "array":
        return Array.isArray(value);
      case "object":
        return typeof value === "object" && value !== null && !Array.isArray(value);
      case "null":
        return value === null;
      default:
        return true;
    }
  });
}

function emptyValue(definition: PropertySchema | undefined): unknown {
  if (definition && "const" in definition) return definition.const;
  if (definition?.enum && definition.enum.length > 0) return definition.enum[0];
  switch (typeOf(definition)) {
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
      return {};
    case "null":
      return null;
    default:
      return "";
  }
}
