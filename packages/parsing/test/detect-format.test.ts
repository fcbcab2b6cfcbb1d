import { describe, expect, it } from "vitest";
import { detectFormat } from "../src/index.ts";
import { buildCompoundFile, buildMsg } from "./helpers/build-compound-file.ts";
import { buildPdf } from "./helpers/build-pdf.ts";
import { fixture } from "./helpers/fixtures.ts";

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));

describe("detectFormat", () => {
  it.each([
    ["fake-memo.pdf", "pdf", "application/pdf"],
    ["fake.docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["fake-power-point.pptx", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"],
    ["stanley-cups.xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["password_protected.xlsx", "encrypted-office", "application/x-cfb"],
    ["simple.zip", "zip", "application/zip"],
    ["example.jpg", "image", "image/jpeg"],
    ["DA-1p.png", "image", "image/png"],
    ["example-10k-1p.html", "html", "text/html"],
    ["fake-html-cp1252.html", "html", "text/html"],
    ["sample-readme.md", "markdown", "text/markdown"],
    ["stanley-cups.csv", "csv", "text/csv"],
    ["simple.json", "json", "application/json"],
    ["fake-incomplete-json.txt", "text", "text/plain"],
    ["fake-text-utf-16.txt", "text", "text/plain"],
    ["fake-email.eml", "eml", "message/rfc822"],
    ["fake.go", "code", "text/plain"],
    ["quarterly-report.odt", "odt", "application/vnd.oasis.opendocument.text"],
    ["stanley-cups.ods", "ods", "application/vnd.oasis.opendocument.spreadsheet"],
    ["fake-power-point.odp", "odp", "application/vnd.oasis.opendocument.presentation"],
    ["quarterly-report.epub", "epub", "application/epub+zip"],
    ["quarterly-report.rtf", "rtf", "application/rtf"],
    ["quarterly-report.doc", "doc", "application/msword"],
    ["stanley-cups.xls", "xls", "application/vnd.ms-excel"],
  ])("recognises %s as %s", async (name, format, mediaType) => {
    expect(await detectFormat(fixture(name), name)).toEqual({ format, mediaType });
  });

  it("tells Outlook items and legacy PowerPoint apart by the streams of their compound file", async () => {
    const message = buildMsg({ subject: "s", from: "a", fromEmail: "a@example.com", to: "b", body: "x" });
    expect((await detectFormat(message, "mail.bin")).format).toBe("msg");
    const slides = buildCompoundFile({ "PowerPoint Document": new Uint8Array(64), "Current User": new Uint8Array(8) });
    expect(await detectFormat(slides, "deck.ppt")).toEqual({
      format: "ppt",
      mediaType: "application/vnd.ms-powerpoint",
    });
  });

  // SciFact abstracts that file-type took for a BMP ("BM") and a QuickTime movie ("wide" at offset 4).
  it.each([
    ["BMP/SMAD1 signaling sets a threshold for the left/right pattern of Nodal expression.", "abstract.txt", undefined],
    ["BMP4 regulates the hematopoietic stem cell niche.", "upload", "text/plain"],
    ["BM-MSCs promote tumour growth in mice.", "upload", undefined],
    ["The widespread use of antibiotics selects for resistant strains.", "abstract.txt", "text/plain"],
    ["The widespread use of antibiotics selects for resistant strains.", "notes", undefined],
  ])("reads %j (%s, declared %s) as text, not by a weak signature", async (text, name, declared) => {
    expect(await detectFormat(utf8(text), name, declared)).toEqual({ format: "text", mediaType: "text/plain" });
  });

  it("keeps a strong signature over a text extension, and a weak one when the extension agrees", async () => {
    const bmp = Buffer.alloc(70);
    bmp.write("BM", 0, "latin1");
    bmp.writeUInt32LE(70, 2);
    bmp.writeUInt32LE(54, 10);
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(2, 18);
    bmp.writeInt32LE(2, 22);
    bmp.writeUInt16LE(1, 26);
    bmp.writeUInt16LE(24, 28);
    expect((await detectFormat(new Uint8Array(bmp), "scan.txt", "text/plain")).format).toBe("image");
    expect((await detectFormat(fixture("DA-1p.png"), "scan.txt", "text/plain")).format).toBe("image");
  });

  it("trusts the bytes over the name and the declared content type", async () => {
    const pdf = buildPdf([[{ text: "Hello", y: 700 }]]);
    expect((await detectFormat(pdf, "notes.txt", "text/plain")).format).toBe("pdf");
    expect((await detectFormat(fixture("fake.docx"), "letter.pdf", "application/pdf")).format).toBe("docx");
    expect((await detectFormat(fixture("example.jpg"), "photo.txt", "text/plain")).format).toBe("image");
  });

  it("tells text formats without an extension apart by content, then by the declared type", async () => {
    expect((await detectFormat(utf8("<!DOCTYPE html><html><p>x</p></html>"), "page")).format).toBe("html");
    expect((await detectFormat(fixture("fake-email.eml"), "message")).format).toBe("eml");
    expect((await detectFormat(utf8('{"a": [1, 2]}'), "data")).format).toBe("json");
    expect((await detectFormat(utf8("{not json"), "data")).format).toBe("text");
    expect((await detectFormat(utf8("a,b\n1,2\n"), "upload", "text/csv; charset=utf-8")).format).toBe("csv");
    expect((await detectFormat(utf8("just words"), "upload")).format).toBe("text");
  });

  it("reads names with paths, upper-case extensions and extensionless code files", async () => {
    expect((await detectFormat(utf8("# Title"), "docs/README.MD")).format).toBe("markdown");
    expect((await detectFormat(utf8("all:\n\ttrue"), "src/Makefile")).format).toBe("code");
  });

  it("calls binary without a known signature binary, and XML that is not XHTML xml", async () => {
    expect((await detectFormat(new Uint8Array([0, 1, 2, 3, 255, 0, 7]), "blob.txt")).format).toBe("binary");
    expect((await detectFormat(utf8('<?xml version="1.0"?><feed><entry/></feed>'), "feed.xml")).format).toBe("xml");
    expect((await detectFormat(utf8('<rss version="2.0"><channel/></rss>'), "news")).format).toBe("xml");
    expect((await detectFormat(utf8("{\\rtf1\\ansi Hello}"), "letter")).format).toBe("rtf");
  });
});
