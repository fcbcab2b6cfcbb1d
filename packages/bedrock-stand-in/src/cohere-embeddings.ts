import { randomUUID } from "node:crypto";
import { tokenCount } from "@docworker/core";
import { EmbeddersByDimension } from "./embedders-by-dimension.ts";
import { BedrockWireError } from "./wire-error.ts";

const INPUT_TYPES = ["search_document", "search_query", "classification", "clustering"];
const EMBEDDING_TYPES = ["float", "int8", "uint8", "binary", "ubinary"];
const MAX_TEXTS = 96;
const MAX_CHARS = 2048;

/** Model ids answered as Cohere Embed (v3 English/multilingual, v4). */
export function isCohereEmbed(modelId: string): boolean {
  return /cohere\.embed-(english-v3|multilingual-v3|v4)/.test(modelId);
}

export interface CohereAnswer {
  body: Record<string, unknown>;
  inputTokenCount: number;
}

/**
 * InvokeModel for Cohere Embed: `{texts, input_type, truncate?, embedding_types?, output_dimension?}`
 * answered `{id, response_type, embeddings, texts}` — `embeddings_floats` (a list of vectors)
 * without embedding_types, `embeddings_by_type` (`{float: [...]}`) with them. v3 answers 1024
 * dimensions, v4 `output_dimension` (default 1536). The vectors are the hashing embedder's: lexical.
 */
export class CohereEmbeddings {
  private readonly embedders = new EmbeddersByDimension();

  async answer(modelId: string, rawBody: unknown): Promise<CohereAnswer> {
    const body = (typeof rawBody === "object" && rawBody !== null ? rawBody : {}) as Record<string, unknown>;
    const { texts, input_type: inputType, embedding_types: types, output_dimension: outputDimension } = body;
    if (!Array.isArray(texts) || texts.length > MAX_TEXTS || texts.some((t) => typeof t !== "string")) {
      throw new BedrockWireError(
        "ValidationException",
        `Malformed input request: texts must be at most ${MAX_TEXTS} strings`,
      );
    }
    const long = (texts as string[]).find((t) => t.length > MAX_CHARS);
    if (long !== undefined) {
      throw new BedrockWireError(
        "ValidationException",
        `Malformed input request: #/texts: expected maxLength: ${MAX_CHARS}, actual: ${long.length}`,
      );
    }
    if (typeof inputType !== "string" || !INPUT_TYPES.includes(inputType)) {
      throw new BedrockWireError("ValidationException", "Malformed input request: input_type is required");
    }
    if (types !== undefined && (!Array.isArray(types) || types.some((t) => !EMBEDDING_TYPES.includes(t as string)))) {
      throw new BedrockWireError("ValidationException", "Malformed input request: embedding_types is not valid");
    }
    const v4 = modelId.includes("embed-v4");
    if (!v4 && outputDimension !== undefined) {
      throw new BedrockWireError("ValidationException", "Malformed input request: extraneous key [output_dimension]");
    }
    const dimension = v4 ? (outputDimension ?? 1536) : 1024;
    if (typeof dimension !== "number" || ![256, 512, 1024, 1536].includes(dimension)) {
      throw new BedrockWireError("ValidationException", "Malformed input request: output_dimension is not valid");
    }
    const { vectors } = await this.embedders.get(dimension).embedDocuments(texts as string[]);
    const floats = vectors.map((v) => Array.from(v));
    const embeddings = types === undefined ? floats : { float: floats };
    return {
      body: {
        id: randomUUID(),
        response_type: types === undefined ? "embeddings_floats" : "embeddings_by_type",
        embeddings,
        texts,
      },
      inputTokenCount: (texts as string[]).reduce((sum, t) => sum + tokenCount(t), 0),
    };
  }
}
