import { describe, expect, it } from "vitest";
import { buildDocx, buildZip, contentTypes, packageRels } from "./helpers/build-zip.ts";
import { allText, blockWith, expectParseError, parse, parseFixture } from "./helpers/fixtures.ts";

describe("DOCX", () => {
  it("extracts paragraphs and core properties", async () => {
    const document = await parseFixture("fake.docx");
    expect(document).toMatchObject({
      format: "docx",
      mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      blocks: [{ kind: "paragraph", text: "Lorem ipsum dolor sit amet." }],
      properties: { author: "Mr. Miagi" },
    });
    expect(document.pageCount).toBeUndefined();
  });

  it("keeps tables as table blocks, nested tables flattened into their cell", async () => {
    const document = await parseFixture("docx-tables.docx");
    expect(document.blocks.slice(0, 2)).toEqual([
      { kind: "paragraph", text: "Simple uniform table" },
      { kind: "table", text: "Header Col 1 | Header Col 2\nLorem ipsum | A link example" },
    ]);
    expect(blockWith(document, "a | >b< | c")?.text).toBe("a | >b< | c\nd | e f g&t h | i\nj | k | l");
  });

  it("reads a real handbook page", async () => {
    const document = await parseFixture("handbook-1p.docx");
    expect(blockWith(document, "The United States Trustee appoints and supervises standing trustees")?.kind).toBe(
      "paragraph",
    );
  });

  it("turns Word heading styles into heading blocks with levels", async () => {
    const docx = buildDocx([
      { text: "Annual Report", style: "Heading1" },
      { text: "Revenue grew." },
      { text: "Risks", style: "Heading2" },
      { text: "Weather." },
    ]);
    const document = await parse(docx, "report.docx");
    expect(document.blocks).toEqual([
      { kind: "heading", text: "Annual Report", level: 1 },
      { kind: "paragraph", text: "Revenue grew." },
      { kind: "heading", text: "Risks", level: 2 },
      { kind: "paragraph", text: "Weather." },
    ]);
  });

  it("skips pictures without reading or decompressing them", async () => {
    const docx = buildDocx([{ text: "Before the chart.", picture: true }, { text: "After the chart." }]);
    const document = await parse(docx, "chart.docx");
    expect(document.blocks).toEqual([
      { kind: "paragraph", text: "Before the chart." },
      { kind: "paragraph", text: "After the chart." },
    ]);
  });

  it("is detected by its entries even when named and declared otherwise", async () => {
    const document = await parse(buildDocx([{ text: "Hidden docx" }]), "upload.bin", {
      declaredContentType: "text/plain",
    });
    expect(document.format).toBe("docx");
  });

  it("refuses a broken package as CORRUPT", async () => {
    const docx = buildDocx([{ text: "Soon truncated" }]);
    await expectParseError(parse(docx.subarray(0, docx.length - 30), "broken.docx"), "CORRUPT");
    const withoutDocument = buildZip({
      "[Content_Types].xml": contentTypes("word/document.xml", "application/xml"),
      "_rels/.rels": packageRels("word/document.xml"),
      "word/other.xml": "<x/>",
    });
    await expectParseError(parse(withoutDocument, "empty.docx"), "CORRUPT");
  });
});

describe("PPTX", () => {
  it("gives one page per slide, the title first as heading, bullets as a list", async () => {
    const document = await parseFixture("fake-power-point.pptx");
    expect(document).toMatchObject({ format: "pptx", pageCount: 1 });
    expect(document.blocks).toEqual([
      { kind: "heading", text: "Adding a Bullet Slide", level: 1, page: 1 },
      {
        kind: "list",
        text: [
          "- Find the bullet slide layout",
          "  - Use _TextFrame.text for first bullet",
          "    - Use _TextFrame.add_paragraph() for subsequent bullets",
        ].join("\n"),
        page: 1,
      },
      { kind: "paragraph", text: "Here is a lot of text!", page: 1 },
      { kind: "paragraph", text: "Here is some text in a text box!", page: 1 },
    ]);
  });

  it("parses the 'malformed' deck: its shapes only lack positions, their text is intact", async () => {
    const document = await parseFixture("fake-power-point-malformed.pptx");
    expect(document.blocks).toEqual([
      { kind: "heading", text: "Test Slide", level: 1, page: 1 },
      { kind: "paragraph", text: "Problem Date Placeholder", page: 1 },
    ]);
    expect(document.properties).toMatchObject({ title: "PowerPoint Presentation", author: "Heather Hoyt" });
  });

  it("refuses more slides than maxPages as TOO_LARGE", async () => {
    await expectParseError(parseFixture("fake-power-point.pptx", { limits: { maxPages: 0 } }), "TOO_LARGE");
  });
});

describe("XLSX", () => {
  it("gives one page per sheet with the rows as table blocks under the sheet name", async () => {
    const document = await parseFixture("stanley-cups.xlsx");
    expect(document).toMatchObject({ format: "xlsx", pageCount: 2 });
    expect(document.blocks.filter((block) => block.page === 1)).toEqual([
      { kind: "heading", text: "Stanley Cups", level: 1, page: 1 },
      { kind: "paragraph", text: "Stanley Cups", page: 1 },
      {
        kind: "table",
        text: "Team | Location | Stanley Cups\nBlues | STL | 1\nFlyers | PHI | 2\nMaple Leafs | TOR | 13",
        page: 1,
      },
    ]);
    expect(blockWith(document, "Maple Leafs | TOR | 0")?.page).toBe(2);
    expect(allText(document)).toContain("Stanley Cups Since 67");
  });

  it("refuses a password-protected workbook (an OLE container) as ENCRYPTED", async () => {
    await expectParseError(parseFixture("password_protected.xlsx"), "ENCRYPTED");
  });

  it("refuses more sheets than maxPages as TOO_LARGE", async () => {
    await expectParseError(parseFixture("stanley-cups.xlsx", { limits: { maxPages: 1 } }), "TOO_LARGE");
  });
});
