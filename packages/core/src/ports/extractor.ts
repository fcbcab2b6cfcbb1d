import type { Usage } from "../domain/document.ts";

export interface ExtractionSchema {
  /** Stable id recorded with every result, so a schema change is visible per document. */
  id: string;
  /** A JSON Schema (draft 2020-12 or 07) describing one object. */
  schema: Record<string, unknown>;
}

export interface ExtractionRequest {
  text: string;
  filename: string;
  mediaType: string;
  schema: ExtractionSchema;
  headings: string[];
  /** The class the schema belongs to, e.g. "receipt"; extractors with rules per class use it. */
  className?: string;
}

export interface ExtractionOutput {
  /** Valid against the schema; adapters validate before returning. */
  data: Record<string, unknown>;
  extractor: string;
  model?: string;
  /**
   * The extractor's own confidence per top-level field, 0 to 1, where it has one (rules do: a
   * value next to its label is surer than a guess). Evidence found in the text scales it.
   */
  fieldConfidence?: Record<string, number>;
  usage: Pick<Usage, "inputTokens" | "outputTokens">;
}

export interface Extractor {
  extract(request: ExtractionRequest): Promise<ExtractionOutput>;
}
