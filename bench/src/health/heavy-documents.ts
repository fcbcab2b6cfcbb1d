import { strToU8, zipSync } from "fflate";

// The three documents of the /health benchmark, generated so every run ingests the same bytes.

const WORDS = (
  "harbour tide ledger council budget vessel quay freight survey report minutes committee " +
  "schedule cargo crane dredging permit inspection revenue maintenance berth pilot warehouse " +
  "customs channel beacon contract tender audit forecast shipment container terminal"
).split(" ");

/** A deterministic stream of sentences (a linear congruential generator, seeded). */
function sentences(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  return (count: number) =>
    Array.from({ length: count }, () => {
      const words = Array.from({ length: 8 + (next() % 10) }, () => WORDS[next() % WORDS.length]);
      const sentence = words.join(" ");
      return `${sentence[0]?.toUpperCase()}${sentence.slice(1)}.`;
    }).join(" ");
}

/** About 2,800 characters a page, pages separated by form feeds. */
export function longText(pages: number): Uint8Array {
  const say = sentences(1);
  const text = Array.from({ length: pages }, (_, page) =>
    [`Page ${page + 1}`, say(12), say(12), say(12)].join("\n\n"),
  ).join("\n\f\n");
  return strToU8(text);
}

/** A DOCX of `pages` pages: a heading every 20 pages, four paragraphs and a page break each. */
export function longDocx(pages: number): Uint8Array {
  const say = sentences(2);
  const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const paragraph = (text: string, style?: string) =>
    `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ""}<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
  const body = Array.from({ length: pages }, (_, page) =>
    [
      page % 20 === 0 ? paragraph(`Chapter ${page / 20 + 1}`, "Heading1") : "",
      paragraph(say(6)),
      paragraph(say(6)),
      paragraph(say(6)),
      paragraph(say(6)),
      '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
    ].join(""),
  ).join("");
  const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  return zipSync({
    "[Content_Types].xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>',
    ),
    "_rels/.rels": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    "word/_rels/document.xml.rels": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    ),
    "word/styles.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:styles ${w}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`,
    ),
    "word/document.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:document ${w}><w:body>${body}</w:body></w:document>`,
    ),
  });
}

/** A PDF of `pages` pages of 40 lines of Helvetica text. */
export function longPdf(pages: number): Uint8Array {
  const say = sentences(3);
  const objects: string[] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "", // the page tree, once the page ids are known
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  const pageIds: number[] = [];
  for (let page = 0; page < pages; page++) {
    const lines = Array.from({ length: 40 }, (_, i) => {
      const text = say(1)
        .slice(0, 90)
        .replace(/[\\()]/g, "");
      return `BT /F1 10 Tf 50 ${760 - i * 18} Td (${text}) Tj ET`;
    }).join("\n");
    pageIds.push(objects.length + 1);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${objects.length + 2} 0 R >>`,
    );
    objects.push(`<< /Length ${Buffer.byteLength(lines, "latin1")} >>\nstream\n${lines}\nendstream`);
  }
  objects[1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages} >>`;
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
