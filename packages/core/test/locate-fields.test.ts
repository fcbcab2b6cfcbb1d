import { describe, expect, it } from "vitest";
import { FUZZY_MATCH_THRESHOLD, locateFields, pageTexts } from "../src/evidence/locate-fields.ts";
import type { TextBlock } from "../src/index.ts";

const blocks: TextBlock[] = [
  { kind: "paragraph", page: 1, text: "ACME TRADING SDN BHD\nNO. 5, JALAN   MERAH,\n81100 JOHOR BAHRU" },
  { kind: "paragraph", page: 1, text: "Date: 12-01-19 21:13" },
  { kind: "paragraph", page: 2, text: "TOTAL RM 1,234.50", recognizedConfidence: 0.6 },
];

describe("locating extracted values in the document's text", () => {
  it("finds a value exactly, ignoring case and spacing, with its page and span", () => {
    const fields = locateFields({ address: "no. 5, jalan merah," }, ["address"], blocks);
    const [evidence] = fields.address?.evidence ?? [];
    expect(fields.address?.match).toBe("exact");
    const page1 = pageTexts(blocks)[0]?.text ?? "";
    expect(evidence).toMatchObject({ page: 1, text: "NO. 5, JALAN   MERAH," });
    expect(page1.slice(evidence?.start, evidence?.end)).toBe(evidence?.text);
  });

  it("finds a date and an amount written another way, and scales by the OCR confidence", () => {
    const fields = locateFields({ date: "2019-01-12", total: 1234.5 }, ["date", "total"], blocks, {
      date: 1,
      total: 1,
    });
    expect(fields.date).toMatchObject({ match: "normalised", evidence: [{ page: 1, text: "12-01-19" }] });
    expect(fields.total).toMatchObject({ match: "normalised", evidence: [{ page: 2, text: "1,234.50" }] });
    // Recognised at 0.6: the evidence counts for less than typed text.
    expect(fields.total?.confidence).toBeLessThan(fields.date?.confidence ?? 0);
  });

  it(`finds a misread name approximately (similarity ≥ ${FUZZY_MATCH_THRESHOLD})`, () => {
    const fields = locateFields({ company: "ACME TRADlNG SDN. BHD" }, ["company"], blocks);
    expect(fields.company?.match).toBe("fuzzy");
    expect(fields.company?.evidence[0]?.text).toBe("ACME TRADING SDN BHD");
  });

  it("lowers the confidence of a value found nowhere, whatever the extractor claimed, and marks empty ones", () => {
    const fields = locateFields(
      { company: "Globex Corporation", total: 99.99, note: "", tags: [] },
      ["company", "total", "note", "tags"],
      blocks,
      { company: 1, total: 1 },
    );
    expect(fields.company).toMatchObject({ match: "none", evidence: [] });
    expect(fields.company?.confidence).toBeLessThan(0.4);
    expect(fields.total?.match).toBe("none");
    expect(fields.note).toEqual({ confidence: 0, match: "empty", evidence: [] });
    expect(fields.tags).toEqual({ confidence: 0, match: "empty", evidence: [] });
  });

  it("assesses list fields item by item", () => {
    const fields = locateFields({ parties: ["Acme Trading Sdn Bhd", "Initech"] }, ["parties"], blocks, { parties: 1 });
    expect(fields.parties?.evidence).toHaveLength(1);
    expect(fields.parties?.match).toBe("fuzzy");
    expect(fields.parties?.confidence).toBeCloseTo((1 + 0.35) / 2, 2);
  });
});
