import type { GbnfJsonSchema } from "node-llama-cpp";

/** Bounds that make every answer the grammar allows end within a small output budget. */
export interface GrammarBounds {
  /** Characters a string may hold when the schema sets no maxLength. */
  maxStringLength: number;
  /** Items an array may hold when the schema sets no maxItems. */
  maxArrayItems: number;
}

export const DEFAULT_GRAMMAR_BOUNDS: GrammarBounds = { maxStringLength: 160, maxArrayItems: 8 };

const PRIMITIVES = new Set(["string", "number", "integer", "boolean", "null"]);
const FORMATS = new Set(["date-time", "time", "date"]);

type JsonSchema = Record<string, unknown>;

/**
 * Turns a class's JSON Schema into the subset node-llama-cpp compiles into a grammar: types,
 * objects, arrays, enums, consts and the three string formats it knows. Keywords it cannot
 * enforce while generating (patterns, numeric ranges) are left out here and still checked by the
 * schema validator afterwards. Every object property is generated, so the grammar never stops
 * before a required field; strings and arrays get bounds when the schema has none, so a small
 * model cannot talk until its token budget runs out.
 */
export function toGrammarSchema(schema: JsonSchema, bounds: GrammarBounds = DEFAULT_GRAMMAR_BOUNDS): GbnfJsonSchema {
  if ("const" in schema) return { const: schema.const as string } as GbnfJsonSchema;
  if (Array.isArray(schema.enum)) return { enum: schema.enum as string[] } as GbnfJsonSchema;
  for (const key of ["oneOf", "anyOf"] as const) {
    const options = schema[key];
    if (Array.isArray(options)) {
      return { oneOf: options.map((option) => toGrammarSchema(option as JsonSchema, bounds)) } as GbnfJsonSchema;
    }
  }
  const type = schema.type;
  if (Array.isArray(type)) {
    const types = type.filter((t): t is string => typeof t === "string");
    if (types.every((t) => PRIMITIVES.has(t) && t !== "string")) return { type: types } as GbnfJsonSchema;
    return { oneOf: types.map((t) => toGrammarSchema({ ...schema, type: t }, bounds)) } as GbnfJsonSchema;
  }
  switch (type) {
    case "object":
      return objectSchema(schema, bounds);
    case "array":
      return {
        type: "array",
        items: toGrammarSchema((schema.items as JsonSchema | undefined) ?? { type: "string" }, bounds),
        ...(typeof schema.minItems === "number" ? { minItems: schema.minItems } : {}),
        maxItems: typeof schema.maxItems === "number" ? schema.maxItems : bounds.maxArrayItems,
      } as GbnfJsonSchema;
    case "string":
      if (typeof schema.format === "string" && FORMATS.has(schema.format)) {
        return { type: "string", format: schema.format } as GbnfJsonSchema;
      }
      return {
        type: "string",
        ...(typeof schema.minLength === "number" ? { minLength: schema.minLength } : {}),
        maxLength: typeof schema.maxLength === "number" ? schema.maxLength : bounds.maxStringLength,
      } as GbnfJsonSchema;
    case "number":
    case "integer":
    case "boolean":
    case "null":
      return { type } as GbnfJsonSchema;
    default:
      // No type: any short string is the closest thing a grammar can promise.
      return { type: "string", maxLength: bounds.maxStringLength } as GbnfJsonSchema;
  }
}

function objectSchema(schema: JsonSchema, bounds: GrammarBounds): GbnfJsonSchema {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const converted: Record<string, GbnfJsonSchema> = {};
  for (const [name, property] of Object.entries(properties)) converted[name] = toGrammarSchema(property, bounds);
  return {
    type: "object",
    properties: converted,
    required: Object.keys(converted),
    additionalProperties: false,
  } as GbnfJsonSchema;
}
