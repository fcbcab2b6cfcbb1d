import { describe, expect, it } from "vitest";
import { detectFormat } from "../src/index.ts";
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
  ])("recognises %s as %s", async (name, format, mediaType) => {
    expect(await detectFormat(fixture(name), name)).toEqual({ format, mediaType });
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
  });
});
