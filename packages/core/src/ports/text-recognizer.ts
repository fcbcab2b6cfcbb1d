import type { ObjectRef } from "../domain/document.ts";

/** One page to be read from its pixels: a scanned PDF page, a photo, a TIFF frame. */
export interface PageImage {
  /** 1-based page of the document. */
  page: number;
  /** The encoded image. */
  bytes: Uint8Array;
  mediaType: "image/png" | "image/jpeg";
  width: number;
  height: number;
}

export interface RecognitionRequest {
  pages: PageImage[];
  /**
   * The document the pages come from. A recognizer that reads whole documents itself (Textract's
   * asynchronous API on a multi-page PDF in S3) may use the source instead of the page images.
   */
  document: { mediaType: string; pageCount: number; source?: ObjectRef };
}

/** A box as fractions of the page's width and height, origin top left. */
export interface TextBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface RecognizedLine {
  text: string;
  /** 0 to 1. */
  confidence: number;
  box: TextBox;
  /** The line's words with their own boxes, when the engine gives them (Tesseract does). */
  words?: RecognizedWord[];
}

export interface RecognizedWord {
  text: string;
  /** 0 to 1. */
  confidence: number;
  box: TextBox;
}

export interface RecognizedPage {
  page: number;
  /** In reading order. */
  lines: RecognizedLine[];
  /** Mean line confidence weighted by characters, 0 to 1; 0 for a page where nothing was read. */
  confidence: number;
  /** Clockwise degrees the image was turned before it was read, when it was. */
  rotation?: number;
}

/**
 * Reads text from page images: lines with boxes and confidence. Throws DocworkerError with
 * UNSUPPORTED_TYPE for an image the engine cannot take; throttling and outages are transient.
 */
export interface TextRecognizer {
  /** Recorded on the document, e.g. "tesseract:eng", "textract". */
  readonly engine: string;
  recognize(request: RecognitionRequest): Promise<RecognizedPage[]>;
  close?(): Promise<void>;
}
