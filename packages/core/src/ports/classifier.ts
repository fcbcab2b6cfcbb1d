import type { DocumentClass } from "../classes/document-class.ts";
import type { Usage } from "../domain/document.ts";

export interface ClassificationRequest {
  /** The first pages' text: enough to tell the class, never the whole of a long document. */
  text: string;
  filename: string;
  mediaType: string;
  classes: readonly DocumentClass[];
  /**
   * A vector of the first pages, made from the embeddings of the chunks that hold them, in the
   * space of the embedder named `model`. A classifier that compares embeddings uses it instead of
   * embedding the text again: one model run or one Bedrock call per document fewer.
   */
  textVector?: { model: string; vector(): Promise<Float32Array | undefined> };
}

export interface ClassificationOutput {
  /** One of the request's class names. */
  class: string;
  /** 0 to 1. */
  confidence: number;
  /** A short reason, for a human to check the decision by. */
  reason: string;
  /** "local" or "bedrock". */
  method: string;
  model?: string;
  usage: Pick<Usage, "inputTokens" | "outputTokens">;
}

/** Decides which class a document belongs to, so it is extracted against that class's schema. */
export interface Classifier {
  classify(request: ClassificationRequest): Promise<ClassificationOutput>;
}
