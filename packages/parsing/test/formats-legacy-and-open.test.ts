import { describe, expect, it } from "vitest";
import { buildCompoundFile, buildMsg } from "./helpers/build-compound-file.ts";
import { buildZip } from "./helpers/build-zip.ts";
import { allText, expectParseError, parse, parseFixture } from "./helpers/fixtures.ts";

// The quarterly report was written once and saved by LibreOffice as ODT, DOC, RTF and EPUB; the
// Stanley Cups workbook and the PowerPoint fixture were converted from their OOXML originals.
const REPORT_TABLE = "Region | Revenue | Growth\nNorth | 1200 | 12%\nSouth | 950 | 4%";

describe("OpenDocument, RTF and EPUB", () => {
  it.each(["quarterly-report.odt", "quarterly-report.rtf"])("reads %s with headings, table and list", async (name) => {
    const document = await parseFixture(name);
    expect(document.blocks).toEqual([
      { kind: "heading", text: "Quarterly report", level: 1 },
      {
        kind: "paragraph",
        text: "Revenue grew in every region during the third quarter, led by the northern warehouses.",
      },
      { kind: "heading", text: "Regional results", level: 2 },
      { kind: "table", text: REPORT_TABLE },
      { kind: "heading", text: "Next steps", level: 2 },
      { kind: "list", text: "- Open the Lisbon office\n- Hire two forklift drivers" },
      { kind: "paragraph", text: "Prepared by the finance team of Kestrel Logistics." },
    ]);
  });

  it("reads an EPUB's chapters in spine order, its title from the package", async () => {
    const document = await parseFixture("quarterly-report.epub");
    expect(document).toMatchObject({ format: "epub", properties: { title: "Quarterly report" } });
    expect(allText(document)).toContain("Revenue grew in every region");
    expect(document.blocks.find((block) => block.kind === "table")?.text).toBe(REPORT_TABLE);
  });

  it("reads an ODS workbook sheet by sheet as pages", async () => {
    const document = await parseFixture("stanley-cups.ods");
    expect(document).toMatchObject({ format: "ods", pageCount: 2 });
    expect(document.blocks[0]).toEqual({ kind: "heading", text: "Stanley Cups", level: 1, page: 1 });
    expect(document.blocks.find((block) => block.page === 2 && block.kind === "table")?.text).toContain(
      "Maple Leafs | TOR | 0",
    );
  });

  it("reads an ODP presentation slide by slide, bullets as a nested list", async () => {
    const document = await parseFixture("fake-power-point.odp");
    expect(document).toMatchObject({ format: "odp", pageCount: 1 });
    expect(document.blocks[0]).toEqual({ kind: "heading", text: "Adding a Bullet Slide", level: 1, page: 1 });
    expect(document.blocks[1]?.text).toBe(
      "- Find the bullet slide layout\n  - Use _TextFrame.text for first bullet\n    - Use _TextFrame.add_paragraph() for subsequent bullets",
    );
  });

  it("refuses an OpenDocument zip bomb by its directory, and a broken package as CORRUPT", async () => {
    const odt = buildZip({
      mimetype: "application/vnd.oasis.opendocument.text",
      "content.xml": `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">${" ".repeat(400_000)}</office:document-content>`,
    });
    await expectParseError(parse(odt, "bomb.odt", { limits: { maxCompressionRatio: 10 } }), "TOO_LARGE");
    const broken = buildZip({ mimetype: "application/vnd.oasis.opendocument.text", "styles.xml": "<x/>" });
    await expectParseError(parse(broken, "broken.odt"), "CORRUPT");
  });
});

describe("legacy Office", () => {
  it("reads a Word 97 document, its table rows as a table block", async () => {
    const document = await parseFixture("quarterly-report.doc");
    expect(document.format).toBe("doc");
    expect(document.blocks.map((block) => block.text)).toEqual([
      "Quarterly report",
      "Revenue grew in every region during the third quarter, led by the northern warehouses.",
      "Regional results",
      REPORT_TABLE,
      "Next steps",
      "Open the Lisbon office",
      "Hire two forklift drivers",
      "Prepared by the finance team of Kestrel Logistics.",
    ]);
  });

  it("reads an XLS workbook sheet by sheet", async () => {
    const document = await parseFixture("stanley-cups.xls");
    expect(document).toMatchObject({ format: "xls", pageCount: 2 });
    expect(document.blocks.filter((block) => block.kind === "heading").map((block) => block.text)).toEqual([
      "Stanley Cups",
      "Stanley Cups Since 67",
    ]);
    expect(allText(document)).toContain("Team | Location | Stanley Cups\nBlues | STL | 1");
  });

  it("refuses legacy PowerPoint with a clear UNSUPPORTED_TYPE", async () => {
    const deck = buildCompoundFile({ "PowerPoint Document": new Uint8Array(64), "Current User": new Uint8Array(8) });
    const error = await expectParseError(parse(deck, "deck.ppt"), "UNSUPPORTED_TYPE");
    expect(error.message).toContain(".pptx");
  });

  it("calls a Word document whose streams are garbage CORRUPT", async () => {
    const garbage = buildCompoundFile({ WordDocument: new Uint8Array(600).fill(7) });
    await expectParseError(parse(garbage, "broken.doc"), "CORRUPT");
  });
});

describe("Outlook items", () => {
  it("reads subject, sender, recipients and body like an e-mail", async () => {
    const message = buildMsg({
      subject: "Invoice 4471 overdue",
      from: "Ada Lovelace",
      fromEmail: "ada@example.com",
      to: "Charles Babbage",
      body: "Dear Charles,\r\n\r\nThe invoice for the difference engine parts is now overdue.\r\n",
    });
    const document = await parse(message, "overdue.msg");
    expect(document).toMatchObject({ format: "msg", properties: { title: "Invoice 4471 overdue" } });
    expect(document.blocks[0]).toEqual({ kind: "heading", text: "Invoice 4471 overdue", level: 1 });
    expect(document.blocks[1]?.text).toContain("From: Ada Lovelace <ada@example.com>");
    expect(allText(document)).toContain("The invoice for the difference engine parts is now overdue.");
  });
});
