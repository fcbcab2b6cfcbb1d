import { describe, expect, it } from "vitest";
import { buildPdf } from "./helpers/build-pdf.ts";
import { allText, blockWith, expectParseError, fixture, parse, parseFixture } from "./helpers/fixtures.ts";

describe("PDF", () => {
  it("extracts the text of a one-page memo with its page number and title", async () => {
    const document = await parseFixture("fake-memo.pdf");
    expect(document).toMatchObject({ format: "pdf", mediaType: "application/pdf", pageCount: 1 });
    const block = blockWith(document, "There were 20,000 bottles of water, 10,000 blankets, and 200 laptops");
    expect(block?.page).toBe(1);
    expect(document.properties?.title).toBe("fake-memo");
  });

  it("keeps page numbers on a two-page paper and finds its title as a heading", async () => {
    const document = await parseFixture("layout-parser-paper-fast.pdf");
    expect(document.pageCount).toBe(2);
    expect(document.blocks[0]).toMatchObject({
      kind: "heading",
      text: "LayoutParser: A Unified Toolkit for Deep Learning Based Document Image Analysis",
      page: 1,
    });
    expect(blockWith(document, "Recent advances in document image analysis")?.page).toBe(1);
    expect(blockWith(document, "An off-the-shelf toolkit for applying DL models")?.page).toBe(2);
  });

  it("accepts a Node Buffer, which is what S3 and fs hand the worker", async () => {
    const bytes = Buffer.from(fixture("fake-memo.pdf"));
    const document = await parse(bytes, "memo.pdf");
    expect(allText(document)).toContain("20,000 bottles of water");
  });

  it("reads Korean text and the document information", async () => {
    const korean = await parseFixture("korean-text-with-tables.pdf");
    expect(allText(korean)).toContain("무이자할부, 다이어트할부, 삼성카드 할인이 적용된 일시불");
    const paper = await parseFixture("embedded-images-tables.pdf");
    expect(paper.properties).toMatchObject({ author: "Omotayo Sanni", keywords: expect.stringContaining("Corrosion") });
    expect(allText(paper)).toContain("Potentiodynamic polarization data for stainless steel");
  });

  it("rebuilds lines and paragraphs from positioned text, with larger text as headings", async () => {
    const pdf = buildPdf([
      [
        { text: "Quarterly Report", size: 24, y: 720 },
        { text: "Revenue grew in every region this", y: 680 },
        { text: "quarter, led by the harbour office.", y: 666 },
        { text: "A second paragraph after a blank gap.", y: 630 },
      ],
      [{ text: "Page two says goodbye.", y: 720 }],
    ]);
    const document = await parse(pdf, "report.pdf");
    expect(document.pageCount).toBe(2);
    expect(document.blocks).toEqual([
      { kind: "heading", text: "Quarterly Report", level: 1, page: 1 },
      { kind: "paragraph", text: "Revenue grew in every region this quarter, led by the harbour office.", page: 1 },
      { kind: "paragraph", text: "A second paragraph after a blank gap.", page: 1 },
      { kind: "paragraph", text: "Page two says goodbye.", page: 2 },
    ]);
  });

  it("refuses a password-protected PDF as ENCRYPTED", async () => {
    await expectParseError(parseFixture("password.pdf"), "ENCRYPTED");
  });

  it("refuses a truncated PDF as CORRUPT", async () => {
    const memo = fixture("fake-memo.pdf");
    await expectParseError(parse(memo.subarray(0, memo.length / 2), "fake-memo.pdf"), "CORRUPT");
  });

  it("refuses a PDF whose pages have no text layer as NO_TEXT_LAYER", async () => {
    await expectParseError(parse(buildPdf([[], []]), "scan.pdf"), "NO_TEXT_LAYER");
  });

  it("refuses more pages than maxPages as TOO_LARGE", async () => {
    await expectParseError(parseFixture("layout-parser-paper-fast.pdf", { limits: { maxPages: 1 } }), "TOO_LARGE");
  });

  it("leaves the caller's bytes intact", async () => {
    const bytes = fixture("fake-memo.pdf");
    await parse(bytes, "fake-memo.pdf");
    expect(bytes.byteLength).toBe(13374);
  });
});
