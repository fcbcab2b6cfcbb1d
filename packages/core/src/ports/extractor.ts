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
}

export interface ExtractionOutput {
  /** Valid against the schema; adapters validate before returning. */
  data: Record<string, unknown>;
  extractor: string;
  model?: string;
  usage: Pick<Usage, "inputTokens" | "outputTokens">;
}

export interface Extractor {
  extract(request: ExtractionRequest): Promise<ExtractionOutput>;
}
