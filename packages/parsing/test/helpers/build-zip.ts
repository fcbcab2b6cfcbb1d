import { constants, crc32, deflateRawSync } from "node:zlib";
import { strToU8, zipSync } from "fflate";

/** A zip (an OOXML package, say) from text or binary entries, compressed normally. */
export function buildZip(entries: Record<string, string | Uint8Array>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(entries)) {
    files[name] = typeof content === "string" ? strToU8(content) : content;
  }
  return zipSync(files);
}

/** The parts every OOXML package needs besides its main part. */
export function contentTypes(mainPart: string, mainType: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/${mainPart}" ContentType="${mainType}"/>
</Types>`;
}

export function packageRels(mainPart: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${mainPart}"/>
</Relationships>`;
}

/** A minimal DOCX whose paragraphs may carry Word's built-in heading styles or a picture. */
export function buildDocx(
  paragraphs: ReadonlyArray<{ text: string; style?: "Heading1" | "Heading2"; picture?: boolean }>,
): Uint8Array {
  const namespaces = [
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"',
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"',
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"',
  ].join(" ");
  const picture =
    '<w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="a chart"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="rId2"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>';
  const body = paragraphs
    .map(({ text, style, picture: withPicture }) => {
      const properties = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : "";
      return `<w:p>${properties}<w:r><w:t xml:space="preserve">${text}</w:t></w:r>${withPicture ? picture : ""}</w:p>`;
    })
    .join("");
  const styles = ["Heading1:heading 1", "Heading2:heading 2"]
    .map((pair) => pair.split(":"))
    .map(([id, name]) => `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/></w:style>`)
    .join("");
  const relationship = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  return buildZip({
    "[Content_Types].xml": contentTypes(
      "word/document.xml",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "_rels/.rels": packageRels("word/document.xml"),
    "word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document ${namespaces}><w:body>${body}</w:body></w:document>`,
    "word/_rels/document.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationship("rId1", "styles", "styles.xml")}${relationship("rId2", "image", "media/image1.png")}</Relationships>`,
    "word/styles.xml": `<?xml version="1.0" encoding="UTF-8"?><w:styles ${namespaces}>${styles}</w:styles>`,
    "word/media/image1.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  });
}

/**
 * A real decompression bomb: a DOCX whose word/document.xml inflates to `megabytes` MiB (valid XML:
 * a root element padded with spaces). The deflate stream is built from one compressed 16 MiB run
 * of spaces repeated, each piece ending on a sync flush so the pieces concatenate into one valid
 * stream; building a gigabyte bomb this way takes well under a second and little memory.
 */
export function buildBombDocx(megabytes: number): Uint8Array {
  const head = Buffer.from(
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>bomb</w:t></w:r></w:p>',
  );
  const tail = Buffer.from("</w:body></w:document>");
  const run = Buffer.alloc(16 * 1024 * 1024, " ");
  const runs = Math.ceil(megabytes / 16);
  const syncFlush = { finishFlush: constants.Z_SYNC_FLUSH, level: 9 };
  const compressedHead = deflateRawSync(head, syncFlush);
  const compressedRun = deflateRawSync(run, syncFlush);
  const compressedTail = deflateRawSync(tail, { level: 9 });
  let crc = crc32(head);
  for (let index = 0; index < runs; index += 1) crc = crc32(run, crc);
  crc = crc32(tail, crc);

  const document: ZipEntry = {
    name: "word/document.xml",
    method: 8,
    crc,
    uncompressedSize: head.length + runs * run.length + tail.length,
    data: [compressedHead, ...Array.from({ length: runs }, () => compressedRun), compressedTail],
  };
  const stored = (name: string, text: string): ZipEntry => {
    const data = Buffer.from(text);
    return { name, method: 0, crc: crc32(data), uncompressedSize: data.length, data: [data] };
  };
  return writeZip([
    stored(
      "[Content_Types].xml",
      contentTypes(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
      ),
    ),
    stored("_rels/.rels", packageRels("word/document.xml")),
    document,
  ]);
}

/** A plain archive (no package parts) holding one text file that really inflates to `megabytes` MiB of spaces. */
export function buildBombZip(megabytes: number, name = "spaces.txt"): Uint8Array {
  const run = Buffer.alloc(16 * 1024 * 1024, " ");
  const runs = Math.ceil(megabytes / 16);
  const compressedRun = deflateRawSync(run, { finishFlush: constants.Z_SYNC_FLUSH, level: 9 });
  const end = deflateRawSync(Buffer.alloc(0), { level: 9 });
  let crc = 0;
  for (let index = 0; index < runs; index += 1) crc = crc32(run, crc);
  return writeZip([
    {
      name,
      method: 8,
      crc,
      uncompressedSize: runs * run.length,
      data: [...Array.from({ length: runs }, () => compressedRun), end],
    },
  ]);
}

interface ZipEntry {
  name: string;
  method: 0 | 8;
  crc: number;
  uncompressedSize: number;
  data: Buffer[];
}

/** A plain (non-zip64) archive: local headers with data, the central directory, the end record. */
function writeZip(entries: ReadonlyArray<ZipEntry>): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const compressedSize = entry.data.reduce((sum, piece) => sum + piece.length, 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(compressedSize, 18);
    local.writeUInt32LE(entry.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, ...entry.data);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(entry.method, 10);
    header.writeUInt32LE(entry.crc >>> 0, 16);
    header.writeUInt32LE(compressedSize, 20);
    header.writeUInt32LE(entry.uncompressedSize, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + compressedSize;
  }
  const centralSize = central.reduce((sum, piece) => sum + piece.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, ...central, end]));
}
