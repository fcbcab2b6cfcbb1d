/** What a parser hands the chunker: the document's text as ordered blocks, with pages and headings. */
export interface TextBlock {
  kind: "heading" | "paragraph" | "table" | "list" | "code";
  text: string;
  /** Heading level, 1 = top; only for headings. */
  level?: number;
  /** 1-based page (PDF page, slide, sheet) when the format has pages. */
  page?: number;
}

export interface ParsedDocument {
  /** The format the content was recognised as, e.g. "pdf", "docx", "text". */
  format: string;
  /** The media type docworker settled on after sniffing the bytes. */
  mediaType: string;
  /** Pages, slides or sheets; absent for formats without pages. */
  pageCount?: number;
  blocks: TextBlock[];
  /** Title, author, subject and the like when the format carries them. */
  properties?: Record<string, string>;
}

export interface ParseLimits {
  maxBytes: number;
  maxPages: number;
  /** Largest total uncompressed size a zip-based format may claim. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio a zip entry may claim. */
  maxCompressionRatio: number;
}

export interface ParseInput {
  bytes: Uint8Array;
  filename: string;
  /** The content type the uploader declared; a hint, never trusted over the bytes. */
  declaredContentType?: string;
  limits: ParseLimits;
}
