/**
 * Writes a small, valid PDF: one page per entry, each page either showing the given text lines
 * (Helvetica, size and position per line) or, for a page without text, only painting a rectangle,
 * as a scan without a text layer would.
 */
export interface PdfTextLine {
  text: string;
  size?: number;
  y: number;
}

/** A scanned page: a JPEG drawn across the page's width, with no text layer. */
export interface PdfScanPage {
  jpeg: Uint8Array;
  width: number;
  height: number;
}

export function buildPdf(pages: ReadonlyArray<ReadonlyArray<PdfTextLine> | PdfScanPage>): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  // Text pages take two objects (page, content), scanned pages three (page, content, image).
  const pageIds: number[] = [];
  let next = 4;
  for (const page of pages) {
    pageIds.push(next);
    next += Array.isArray(page) ? 2 : 3;
  }
  add("<< /Type /Catalog /Pages 2 0 R >>");
  add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`);
  add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  for (const lines of pages) {
    const pageId = objects.length + 1;
    if (!Array.isArray(lines)) {
      const scan = lines as PdfScanPage;
      const drawnHeight = Math.round((468 * scan.height) / scan.width);
      const draw = `q 468 0 0 ${drawnHeight} 72 ${720 - drawnHeight} cm /Im1 Do Q`;
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 ${pageId + 2} 0 R >> >> /Contents ${pageId + 1} 0 R >>`,
      );
      add(`<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`);
      const jpeg = Buffer.from(scan.jpeg).toString("latin1");
      add(
        `<< /Type /XObject /Subtype /Image /Width ${scan.width} /Height ${scan.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${scan.jpeg.length} >>\nstream\n${jpeg}\nendstream`,
      );
      continue;
    }
    const content =
      lines.length === 0
        ? "0.5 g 72 72 468 648 re f"
        : lines
            .map((line) => `BT /F1 ${line.size ?? 12} Tf 72 ${line.y} Td (${escapePdfString(line.text)}) Tj ET`)
            .join("\n");
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`,
    );
    add(`<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`);
  }

  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, "latin1"));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, "latin1"));
}

function escapePdfString(text: string): string {
  return text.replace(/[\\()]/g, (character) => `\\${character}`);
}
