import type { PageImage, ParseLimits, RecognitionOptions, TextBlock } from "@docworker/core";

/** What each format module receives: the bytes plus what detection learnt about them. */
export interface FormatInput {
  bytes: Uint8Array;
  filename: string;
  declaredContentType?: string;
  limits: ParseLimits;
  /** Present when a recognizer is configured: pages without a text layer are rendered for it. */
  recognition?: RecognitionOptions;
}

/** What each format module returns; the dispatcher adds format and mediaType. */
export interface FormatOutput {
  blocks: TextBlock[];
  pageCount?: number;
  properties?: Record<string, string>;
  pagesToRecognize?: PageImage[];
}

export type FormatParser = (input: FormatInput) => Promise<FormatOutput>;
