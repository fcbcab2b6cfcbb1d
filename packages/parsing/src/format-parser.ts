import type { ArchiveMember, PageImage, ParseLimits, RecognitionOptions, TextBlock } from "@docworker/core";
import type { TextBudget } from "./budget/text-budget.ts";

/** What each format module receives: the bytes plus what detection learnt about them. */
export interface FormatInput {
  bytes: Uint8Array;
  filename: string;
  declaredContentType?: string;
  limits: ParseLimits;
  /** Present when a recognizer is configured: pages without a text layer are rendered for it. */
  recognition?: RecognitionOptions;
  /** Spent as text is read; shared by everything one document yields. */
  budget: TextBudget;
}

/** What each format module returns; the dispatcher adds format and mediaType. */
export interface FormatOutput {
  blocks: TextBlock[];
  pageCount?: number;
  properties?: Record<string, string>;
  pagesToRecognize?: PageImage[];
  /** Archives only: the files to ingest as documents of their own. */
  members?: ArchiveMember[];
}

export type FormatParser = (input: FormatInput) => Promise<FormatOutput>;
