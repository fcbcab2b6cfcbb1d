import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import { buildPdf } from "../../packages/parsing/test/helpers/build-pdf.ts";
import { buildZip, contentTypes, packageRels } from "../../packages/parsing/test/helpers/build-zip.ts";

// Generators for the inputs that once blocked or killed docworker, each as small as its effect allows.

const SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

/** An XLSX of `rows` rows, each with one cell in column A and one in XFD (the 16,384th column). */
export function farApartCellsXlsx(rows: number): Uint8Array {
  const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const sheetRows = Array.from(
    { length: rows },
    (_, i) => `<row r="${i + 1}">${cell(`A${i + 1}`, `left ${i}`)}${cell(`XFD${i + 1}`, `right ${i}`)}</row>`,
  ).join("");
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  return buildZip({
    "[Content_Types].xml": contentTypes("xl/workbook.xml", SHEET_TYPE).replace(
      "</Types>",
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
    "_rels/.rels": packageRels("xl/workbook.xml"),
    "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns} ${rel}><sheets><sheet name="Wide" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    "xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData>${sheetRows}</sheetData></worksheet>`,
  });
}

/** One "word" of random letters: no space for the tokenizer to split on. */
export function oneLongWord(characters: number): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const noise = randomBytes(characters);
  let word = "";
  for (const byte of noise) word += letters[byte % letters.length];
  return word;
}

export function nestedDivs(depth: number): string {
  return `<html><body>${"<div>".repeat(depth)}deep${"</div>".repeat(depth)}</body></html>`;
}

export function nestedJson(depth: number): string {
  return `${"[".repeat(depth)}1${"]".repeat(depth)}`;
}

/** A CSV whose header has `columns` columns, then a few rows. */
export function wideHeaderCsv(columns: number, rows: number): string {
  const header = Array.from({ length: columns }, (_, i) => `column_${i}`).join(",");
  const row = (r: number) => Array.from({ length: columns }, (_, i) => (i % 1000 === 0 ? `v${r}` : "")).join(",");
  return [header, ...Array.from({ length: rows }, (_, r) => row(r))].join("\n");
}

/** An e-mail with one base64 attachment of `attachmentBytes` bytes. */
export function mailWithAttachment(attachmentBytes: number): string {
  const base64 = randomBytes(attachmentBytes).toString("base64").replace(/.{76}/g, "$&\r\n");
  return [
    "From: Alice <alice@example.com>",
    "To: Bob <bob@example.com>",
    "Subject: Quarterly figures",
    "Date: Tue, 01 Dec 2026 10:00:00 +0000",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "The figures for the harbour project are attached.",
    "--b1",
    'Content-Type: application/octet-stream; name="figures.bin"',
    'Content-Disposition: attachment; filename="figures.bin"',
    "Content-Transfer-Encoding: base64",
    "",
    base64,
    "--b1--",
    "",
  ].join("\r\n");
}

/** Many tiny paragraphs: under every text budget, but millions of objects for a parser to hold. */
export function manyTinyParagraphs(count: number): string {
  return "a\n\n".repeat(count);
}

/** A scanned invoice (a PNG of five typed lines), from the recognizer's test fixtures. */
export function scannedInvoicePng(): Uint8Array {
  return new Uint8Array(
    readFileSync(new URL("../../packages/tesseract-recognizer/test/fixtures/scanned-invoice.png", import.meta.url)),
  );
}

/** A PDF of `pages` scanned pages (the invoice as a JPEG), none with a text layer. */
/** A 480 × 360 photo of a frangipani flower among leaves, nothing written in it (Unstructured's example.jpg). */
export function photoWithoutWriting(): Uint8Array {
  return new Uint8Array(readFileSync(new URL("../../packages/parsing/test/fixtures/example.jpg", import.meta.url)));
}

export function scannedPdf(pages: number): Uint8Array {
  const jpeg = new Uint8Array(
    readFileSync(new URL("../../packages/tesseract-recognizer/test/fixtures/scanned-invoice.jpg", import.meta.url)),
  );
  return buildPdf(Array.from({ length: pages }, () => ({ jpeg, width: 900, height: 280 })));
}

/** A real PNG whose header claims `width` × `height` pixels: a decompression bomb's first bytes. */
export function pixelBombPng(width: number, height: number): Uint8Array {
  const png = Buffer.from(scannedInvoicePng());
  // The IHDR chunk follows the 8-byte signature: length (4), type (4), width (4), height (4), ...
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  return new Uint8Array(png);
}
