import { builtInClasses, ExtractionValidator } from "@docworker/core";
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { toGrammarSchema } from "../src/grammar-schema.ts";

describe("toGrammarSchema", () => {
  it("bounds strings and arrays the schema leaves open, and keeps the bounds it sets", () => {
    const converted = toGrammarSchema(
      {
        type: "object",
        properties: {
          name: { type: "string", description: "who" },
          code: { type: "string", maxLength: 3 },
          tags: { type: "array", items: { type: "string" } },
          few: { type: "array", items: { type: "integer" }, maxItems: 2 },
        },
        required: ["name"],
      },
      { maxStringLength: 50, maxArrayItems: 4 },
    );
    expect(converted).toEqual({
      type: "object",
      properties: {
        name: { type: "string", maxLength: 50 },
        code: { type: "string", maxLength: 3 },
        tags: { type: "array", items: { type: "string", maxLength: 50 }, maxItems: 4 },
        few: { type: "array", items: { type: "integer" }, maxItems: 2 },
      },
      // every property is generated, so the answer always holds each field the prompt asks for
      required: ["name", "code", "tags", "few"],
      additionalProperties: false,
    });
  });

  it("keeps enums, consts, nullable numbers, known formats and alternatives; drops what a grammar cannot enforce", () => {
    expect(toGrammarSchema({ type: "string", enum: ["a", "b"] })).toEqual({ enum: ["a", "b"] });
    expect(toGrammarSchema({ const: "x" })).toEqual({ const: "x" });
    expect(toGrammarSchema({ type: ["number", "null"], minimum: 0 })).toEqual({ type: ["number", "null"] });
    expect(toGrammarSchema({ type: "string", format: "date" })).toEqual({ type: "string", format: "date" });
    expect(toGrammarSchema({ type: "string", format: "email", pattern: "@" })).toEqual({
      type: "string",
      maxLength: 160,
    });
    expect(toGrammarSchema({ type: ["string", "null"] })).toEqual({
      oneOf: [{ type: "string", maxLength: 160 }, { type: "null" }],
    });
    expect(toGrammarSchema({ anyOf: [{ type: "boolean" }, { type: "integer" }] })).toEqual({
      oneOf: [{ type: "boolean" }, { type: "integer" }],
    });
  });

  // llama.cpp itself compiles each grammar: no model is needed for that, only the CPU binary.
  it("turns every built-in class's schema into a grammar llama.cpp accepts, whose answers the schema validates", async () => {
    const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
    const validator = new ExtractionValidator();
    try {
      for (const documentClass of builtInClasses()) {
        const grammar = await llama.createGrammarForJsonSchema(toGrammarSchema(documentClass.schema.schema) as never);
        expect(grammar.grammar.length, documentClass.name).toBeGreaterThan(0);
        // An answer of the shape the grammar forces: every property, empty values.
        const empty = emptyAnswer(documentClass.schema.schema);
        expect(() => grammar.parse(JSON.stringify(empty)), documentClass.name).not.toThrow();
        expect(validator.validate(documentClass.schema, empty).valid, documentClass.name).toBe(true);
        // A field the schema does not have is refused by the grammar's own check.
        expect(() => grammar.parse(JSON.stringify({ ...empty, extra: "x" }))).toThrow();
      }
    } finally {
      await llama.dispose();
    }
  }, 120_000);
});

function emptyAnswer(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = schema.properties as Record<string, { type?: unknown }>;
  return Object.fromEntries(
    Object.entries(properties).map(([name, property]) => {
      const type = Array.isArray(property.type) ? property.type.at(-1) : property.type;
      return [name, type === "array" ? [] : type === "null" ? null : type === "number" ? 0 : ""];
    }),
  );
}
