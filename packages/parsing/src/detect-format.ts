import { extname } from "node:path";
import { unzipSync } from "fflate";
import { fileTypeFromBuffer } from "file-type";
import { declaredHtmlCharset } from "./html/declared-charset.ts";
import { decodeText, looksLikeText } from "./text/decode-text.ts";
import { looksLikeZip, readZipDirectory } from "./zip/zip-archive.ts";

/** Every format detection can settle on; the last five are refused by the parser. */
export type DocumentFormat =
  | "pdf"
  | "docx"
  | "pptx"
  | "xlsx"
  | "doc"
  | "xls"
  | "msg"
  | "odt"
  | "ods"
  | "odp"
  | "rtf"
  | "epub"
  | "xml"
  | "image"
  | "csv"
  | "tsv"
  | "html"
  | "markdown"
  | "text"
  | "json"
  | "ndjson"
  | "eml"
  | "code"
  | "ppt"
  | "zip"
  | "encrypted-office"
  | "binary";

export interface DetectedFormat {
  format: DocumentFormat;
  mediaType: string;
}

const MEDIA_TYPES: Record<DocumentFormat, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  html: "text/html",
  markdown: "text/markdown",
  text: "text/plain",
  json: "application/json",
  ndjson: "application/x-ndjson",
  eml: "message/rfc822",
  code: "text/plain",
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
  msg: "application/vnd.ms-outlook",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
  rtf: "application/rtf",
  epub: "application/epub+zip",
  image: "image/*",
  zip: "application/zip",
  "encrypted-office": "application/x-cfb",
  xml: "application/xml",
  binary: "application/octet-stream",
};

// Text formats are told apart by extension: their bytes look alike.
const TEXT_EXTENSIONS: Record<string, DocumentFormat> = {
  txt: "text",
  text: "text",
  log: "text",
  rst: "text",
  adoc: "text",
  md: "markdown",
  markdown: "markdown",
  mdown: "markdown",
  mkd: "markdown",
  html: "html",
  htm: "html",
  xhtml: "html",
  csv: "csv",
  tsv: "tsv",
  tab: "tsv",
  json: "json",
  ndjson: "ndjson",
  jsonl: "ndjson",
  eml: "eml",
  xml: "xml",
  rss: "xml",
  atom: "xml",
  rdf: "xml",
  xsd: "xml",
  svg: "xml",
  rtf: "rtf",
};
const CODE_EXTENSIONS = new Set(
  (
    "go py js mjs cjs ts mts cts tsx jsx java kt kts scala groovy c h cc cpp cxx hpp hh cs fs rb rs php swift " +
    "m mm sh bash zsh ps1 bat sql r pl pm lua dart ex exs erl hs clj elm vue svelte css scss less " +
    "yaml yml toml ini cfg conf properties gradle tf proto graphql dockerfile makefile"
  ).split(" "),
);
const DECLARED_TEXT_TYPES: Record<string, DocumentFormat> = {
  "text/html": "html",
  "application/xhtml+xml": "html",
  "text/markdown": "markdown",
  "text/x-markdown": "markdown",
  "text/csv": "csv",
  "text/tab-separated-values": "tsv",
  "application/json": "json",
  "application/x-ndjson": "ndjson",
  "application/jsonl": "ndjson",
  "message/rfc822": "eml",
  "text/plain": "text",
  "application/xml": "xml",
  "text/xml": "xml",
  "application/rss+xml": "xml",
  "application/atom+xml": "xml",
  "application/rtf": "rtf",
  "text/rtf": "rtf",
};
// OpenDocument and EPUB packages name themselves in their first entry, `mimetype`.
const PACKAGE_MIME_TYPES: Record<string, DocumentFormat> = {
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.oasis.opendocument.spreadsheet": "ods",
  "application/vnd.oasis.opendocument.presentation": "odp",
  "application/epub+zip": "epub",
};
// Legacy Office files and Outlook items are OLE compound files told apart by a stream they hold
// (names are stored as UTF-16LE in the directory). Encrypted OOXML comes first: it is OLE too.
const COMPOUND_FILE_STREAMS: ReadonlyArray<{ stream: Buffer; format: DocumentFormat }> = [
  { stream: Buffer.from("EncryptedPackage", "utf16le"), format: "encrypted-office" },
  { stream: Buffer.from("WordDocument", "utf16le"), format: "doc" },
  { stream: Buffer.from("Workbook", "utf16le"), format: "xls" },
  { stream: Buffer.from("Book", "utf16le"), format: "xls" },
  { stream: Buffer.from("PowerPoint Document", "utf16le"), format: "ppt" },
  { stream: Buffer.from("__substg1.0_", "utf16le"), format: "msg" },
];
// Signatures that never occur at the start of text, so they win over a text extension or a
// declared text type. Any other signature is weak ("BM" for BMP, "wide" at offset 4 for
// QuickTime, "MZ", "ID3"): a body that reads as text outweighs it.
const STRONG_SIGNATURES = new Set(["pdf", "png", "jpg", "gif", "webp", "tif", "cfb", "zip", "gz", "7z", "rar", "bz2"]);
const OOXML_FORMATS: ReadonlyArray<{ prefix: string; format: DocumentFormat }> = [
  { prefix: "word/", format: "docx" },
  { prefix: "ppt/", format: "pptx" },
  { prefix: "xl/", format: "xlsx" },
];
const SNIFF_CHARS = 4096;

/**
 * Settles what the bytes are. Strong magic bytes decide first (file-type, zip entries for OOXML,
 * OpenDocument and EPUB, OLE streams for legacy Office); a weak one loses to a body that reads as
 * text. Text, which has no magic, is told apart by extension, then by its content, and last by the
 * declared content type, which is a hint and never overrides the bytes.
 */
export async function detectFormat(
  bytes: Uint8Array,
  filename: string,
  declaredContentType?: string,
): Promise<DetectedFormat> {
  const extension = fileExtension(filename);
  if (looksLikeZip(bytes)) return detected(zipFormat(bytes, extension));

  const sniffed = await fileTypeFromBuffer(bytes);
  const text = looksLikeText(bytes);
  if (sniffed && sniffed.ext !== "xml" && !sniffed.mime.startsWith("text/") && sniffed.ext !== "rtf") {
    const weak = !STRONG_SIGNATURES.has(sniffed.ext) && extension !== sniffed.ext;
    if (weak && text) return detected(textFormat(bytes, extension, declaredContentType));
    if (sniffed.ext === "pdf") return detected("pdf");
    if (sniffed.mime.startsWith("image/")) return { format: "image", mediaType: sniffed.mime };
    if (sniffed.ext === "cfb") return detected(compoundFileFormat(bytes));
    return { format: "binary", mediaType: sniffed.mime };
  }
  if (sniffed?.ext === "rtf" || startsWithRtf(bytes)) return detected("rtf");
  if (!text) return detected("binary");
  return detected(textFormat(bytes, extension, declaredContentType));
}

function detected(format: DocumentFormat): DetectedFormat {
  return { format, mediaType: MEDIA_TYPES[format] };
}

function fileExtension(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const extension = extname(base).slice(1).toLowerCase();
  // Extensionless names like "Makefile" or "Dockerfile" name their format themselves.
  return extension || base.toLowerCase();
}

const PACKAGE_EXTENSIONS = new Set(["docx", "pptx", "xlsx", "odt", "ods", "odp", "epub"]);

/** Office packages are zips told apart by their entries; any other zip is an archive. */
function zipFormat(bytes: Uint8Array, extension: string): DocumentFormat {
  let names: string[];
  try {
    names = readZipDirectory(bytes).map((entry) => entry.name);
  } catch {
    // A broken package still goes to its format's parser, which reports it as CORRUPT.
    return PACKAGE_EXTENSIONS.has(extension) ? (extension as DocumentFormat) : "zip";
  }
  const declared = names.includes("mimetype") ? PACKAGE_MIME_TYPES[packageMimeType(bytes)] : undefined;
  if (declared) return declared;
  if (!names.includes("[Content_Types].xml")) return "zip";
  return OOXML_FORMATS.find(({ prefix }) => names.some((name) => name.startsWith(prefix)))?.format ?? "zip";
}

function textFormat(bytes: Uint8Array, extension: string, declaredContentType?: string): DocumentFormat {
  const byExtension = TEXT_EXTENSIONS[extension] ?? (CODE_EXTENSIONS.has(extension) ? "code" : undefined);
  if (byExtension) return byExtension;
  const byContent = sniffTextContent(bytes);
  if (byContent) return byContent;
  const declared = declaredContentType?.split(";")[0]?.trim().toLowerCase();
  return (declared && DECLARED_TEXT_TYPES[declared]) || "text";
}

function sniffTextContent(bytes: Uint8Array): DocumentFormat | undefined {
  const sample = decodeText(bytes.subarray(0, SNIFF_CHARS), declaredHtmlCharset(bytes)).text.trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(!doctype html|html|head|body)[\s>]/i.test(sample)) return "html";
  if (sample.startsWith("<?xml") || /^<(rss|feed|rdf:RDF)[\s>]/.test(sample)) return "xml";
  if (looksLikeMailHeaders(sample)) return "eml";
  if (/^[[{]/.test(sample) && isJson(decodeText(bytes).text)) return "json";
  return undefined;
}

/** At least two well-known mail headers before the first blank line. */
function looksLikeMailHeaders(sample: string): boolean {
  const headerBlock = sample.split(/\r?\n\r?\n/)[0] ?? "";
  const known = headerBlock.match(/^(from|to|subject|date|message-id|mime-version|received|return-path):/gim);
  return /^[\w-]+:/.test(headerBlock) && (known?.length ?? 0) >= 2;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The `mimetype` entry of an OpenDocument or EPUB package: stored, first, a few dozen bytes. */
function packageMimeType(bytes: Uint8Array): string {
  try {
    const entries = unzipSync(bytes, { filter: (file) => file.name === "mimetype" && file.originalSize <= 256 });
    const entry = entries.mimetype;
    return entry ? new TextDecoder().decode(entry).trim() : "";
  } catch {
    return "";
  }
}

function compoundFileFormat(bytes: Uint8Array): DocumentFormat {
  return COMPOUND_FILE_STREAMS.find(({ stream }) => containsBytes(bytes, stream))?.format ?? "binary";
}

function startsWithRtf(bytes: Uint8Array): boolean {
  return new TextDecoder("latin1").decode(bytes.subarray(0, 5)) === "{\\rtf";
}

function containsBytes(haystack: Uint8Array, needle: Buffer): boolean {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).includes(needle);
}
