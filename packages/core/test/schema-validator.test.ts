import { describe, expect, it } from "vitest";
import { ExtractionValidator } from "../src/extraction/schema-validator.ts";

const requiring = (field: string, extra: Record<string, unknown> = {}) => ({
  type: "object",
  required: [field],
  properties: { [field]: { type: "string" } },
  ...extra,
});

describe("ExtractionValidator", () => {
  it("holds two different schemas under one id each to its own rules", () => {
    const validator = new ExtractionValidator();
    const before = { id: "receipt/v1", schema: requiring("company") };
    const after = { id: "receipt/v1", schema: requiring("total") };
    expect(validator.validate(before, { company: "ACME" }).valid).toBe(true);
    expect(validator.validate(after, { company: "ACME" })).toEqual({
      valid: false,
      errors: ["(root) must have required property 'total'"],
    });
    expect(validator.validate(after, { total: "9.90" }).valid).toBe(true);
    expect(validator.validate(before, { total: "9.90" }).valid).toBe(false);
  });

  it("compiles a schema once however often it is asked for, also under another id", () => {
    const validator = new ExtractionValidator();
    const first = validator.compile({ id: "a/v1", schema: requiring("x") });
    expect(validator.compile({ id: "a/v1", schema: requiring("x") })).toBe(first);
    expect(validator.compile({ id: "b/v1", schema: requiring("x") })).toBe(first);
  });

  it("keeps two different schemas declaring the same $id apart", () => {
    const validator = new ExtractionValidator();
    const one = { id: "one/v1", schema: requiring("a", { $id: "https://example.com/doc" }) };
    const two = { id: "two/v1", schema: requiring("b", { $id: "https://example.com/doc" }) };
    expect(validator.validate(one, { a: "x" }).valid).toBe(true);
    expect(validator.validate(two, { a: "x" }).valid).toBe(false);
    expect(validator.validate(two, { b: "x" }).valid).toBe(true);
  });
});
