import { CONTRACT_SCHEMA, RECEIPT_SCHEMA } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { onlyFields } from "../src/local-llm-extractor.ts";
import { buildExtractionPrompt, MAX_PROMPT_TEXT_CHARACTERS, withoutExamples } from "../src/prompt.ts";

describe("buildExtractionPrompt", () => {
  const text = "MR D.I.Y. (M) SDN BHD\nLOT 1851-A\nTOTAL RM 9.00\n25/12/2018";

  it("gives the document text first, then each field of the class with its description, without the examples", () => {
    const prompt = buildExtractionPrompt({ text, schema: RECEIPT_SCHEMA, className: "receipt" });
    expect(prompt.system).toMatch(/exactly as it appears/);
    expect(prompt.user.indexOf(text)).toBeGreaterThan(0);
    expect(prompt.user.indexOf(text)).toBeLessThan(prompt.user.indexOf("- company:"));
    expect(prompt.user).toContain("a receipt (The four key fields of a shop receipt, as printed on it.)");
    expect(prompt.user).toContain("- company: The seller's name as printed at the top.");
    expect(prompt.user).toContain("- date: The date of purchase as printed; no time.");
    expect(prompt.user).toContain(
      "- total: The amount paid as printed, without currency (the rounded total if there is one).",
    );
    // The schema's example values appear nowhere but in the document itself.
    expect(prompt.user.split("9.00").length).toBe(2);
    expect(prompt.user).not.toContain("e.g.");
  });

  it("names only the fields asked for, marks lists, and cuts a long text", () => {
    const long = `Services Agreement between Acme and Globex. ${"x".repeat(MAX_PROMPT_TEXT_CHARACTERS)}TAIL`;
    const prompt = buildExtractionPrompt({ text: long, schema: onlyFields(CONTRACT_SCHEMA, ["parties", "term"]) }, [
      "parties",
      "term",
    ]);
    expect(prompt.user).toContain("- parties: A list. The parties' names, as written.");
    expect(prompt.user).toContain("- term: How long it runs, as written.");
    expect(prompt.user).not.toContain("governing_law");
    expect(prompt.user).toContain("a Contract");
    expect(prompt.user).not.toContain("TAIL");
  });

  it.each([
    ["ISO 4217 code of the total, e.g. USD.", "ISO 4217 code of the total."],
    ["What the agreement is, e.g. 'Services Agreement', 'Non-Disclosure Agreement'.", "What the agreement is."],
    [
      "The date of purchase as printed, e.g. '25/12/2018' or '12-01-19'; no time.",
      "The date of purchase as printed; no time.",
    ],
    ["Names (e.g. Ann) of people.", "Names of people."],
    ["No example here.", "No example here."],
  ])("withoutExamples(%j)", (description, expected) => {
    expect(withoutExamples(description)).toBe(expected);
  });
});

describe("onlyFields", () => {
  it("narrows a schema to the fields named, all of them required, under an id of its own", () => {
    const narrowed = onlyFields(RECEIPT_SCHEMA, ["company", "total"]);
    expect(Object.keys(narrowed.schema.properties as object)).toEqual(["company", "total"]);
    expect(narrowed.schema.required).toEqual(["company", "total"]);
    expect(narrowed.id).toBe("receipt/v1#company,total");
    expect(narrowed.schema.additionalProperties).toBe(false);
  });
});
