import type { PageImage } from "../ports/text-recognizer.ts";
import type { ObjectRef } from "./document.ts";

/** What a parser hands the chunker: the document's text as ordered blocks, with pages and headings. */
export interface TextBlock {
  kind: "heading" | "paragraph" | "table" | "list" | "code";
  text: string;
  /** Heading level, 1 = top; only for headings. */
  level?: number;
  /** 1-based page (PDF page, slide, sheet) when the format has pages. */
  page?: number;
  /** Present when the text was recognised from the page's image: the engine's confidence, 0 to 1. */
  recognizedConfidence?: number;
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
  /**
   * Pages without a usable text layer (scans, photos), rendered for text recognition; their
   * blocks are not in `blocks`. Absent when every page has text.
   */
  pagesToRecognize?: PageImage[];
  /**
   * Files an archive holds, each to become a document of its own; the archive's own blocks list
   * them. Absent for every other format.
   */
  members?: ArchiveMember[];
}

/** One file unpacked from an archive. */
export interface ArchiveMember {
  /** Its path inside the archive; a member of a nested archive is "inner.zip/path". */
  path: string;
  bytes: Uint8Array;
}

export interface ParseLimits {
  maxBytes: number;
  maxPages: number;
  /** Largest total uncompressed size a zip-based format may claim. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio a zip entry may claim. */
  maxCompressionRatio: number;
  /** Files one archive may unpack into documents, nested archives' members included. */
  maxArchiveMembers: number;
  /** Characters of text one document may yield; counted while parsing, not after. */
  maxCharacters: number;
  /** Cells holding a value that one sheet may have; empty cells are never counted or created. */
  maxSheetCells: number;
  /** How deep HTML elements may nest (a DOCX is read through HTML too). */
  maxHtmlDepth: number;
  /** How deep JSON arrays and objects may nest. */
  maxJsonDepth: number;
  /** Bytes the attachments of one e-mail may hold together; they are named, never kept. */
  maxAttachmentBytes: number;
}

export interface ParseInput {
  bytes: Uint8Array;
  filename: string;
  /** The content type the uploader declared; a hint, never trusted over the bytes. */
  declaredContentType?: string;
  limits: ParseLimits;
  /** Where the bytes were read from; recognizers that read documents in place use it. */
  source?: ObjectRef;
  /** Render pages without a text layer for recognition; without it they end NO_TEXT_LAYER. */
  recognition?: RecognitionOptions;
}

export interface RecognitionOptions {
  /** Pages rendered at most; a document with more pages to recognise ends TOO_LARGE. */
  maxPages: number;
  /** Resolution pages are rendered at. */
  dpi: number;
  /**
   * Told how many pages will be rendered for recognition, before the first is drawn: the parse
   * pool gives the document more time for each.
   */
  onPagesToRender?: (pages: number) => void;
}
