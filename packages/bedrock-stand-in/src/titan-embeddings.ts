import { tokenCount } from "@docworker/core";
import { EmbeddersByDimension } from "./embedders-by-dimension.ts";
import type { StandInLimits } from "./limits.ts";
import { BedrockWireError, malformedInput } from "./wire-error.ts";

const DIMENSIONS = [256, 512, 1024];
const EMBEDDING_TYPES = ["float", "binary"];
const KNOWN_KEYS = new Set(["inputText", "dimensions", "normalize", "embeddingTypes"]);

/** Model ids answered as Titan Text Embeddings V2 (plain ids, inference profiles and ARNs alike). */
export function isTitanEmbedV2(modelId: string): boolean {
  return modelId.includes("titan-embed-text-v2");
}

export interface TitanAnswer {
  body: Record<string, unknown>;
  inputTextTokenCount: number;
}

/**
 * InvokeModel for Titan Text Embeddings V2: validates the body the way Titan does (same
 * messages for the same mistakes) and answers with a lexical embedding of the requested size.
 * The vectors come from the embedded hashing embedder, so they match words, not meaning.
 */
export class TitanEmbeddings {
  private readonly embedders = new EmbeddersByDimension();

  async answer(
    rawBody: unknown,
    limits: Pick<StandInLimits, "embeddingMaxInputTokens" | "embeddingMaxInputChars">,
    tooLongOver: number | null,
  ): Promise<TitanAnswer> {
    const request = parseRequest(rawBody);
    const { inputText } = request;
    if (inputText.length > limits.embeddingMaxInputChars) {
      throw malformedInput(
        `#/inputText: expected maxLength: ${limits.embeddingMaxInputChars}, actual: ${inputText.length}`,
      );
    }
    const tokens = tokenCount(inputText);
    const maxTokens =
      tooLongOver !== null && inputText.length > tooLongOver
        ? Math.min(limits.embeddingMaxInputTokens, tokens - 1)
        : limits.embeddingMaxInputTokens;
    if (tokens > maxTokens) {
      throw new BedrockWireError(
        "ValidationException",
        `400 Bad Request: Too many input tokens. Max input tokens: ${maxTokens}, request input token count: ${tokens} `,
      );
    }
    const { vectors } = await this.embedders.get(request.dimensions).embedQuery(inputText);
    const embedding = Array.from(vectors[0] as Float32Array);
    const body: Record<string, unknown> = { embedding, inputTextTokenCount: tokens };
    if (request.embeddingTypes) {
      const byType: Record<string, number[]> = {};
      for (const type of request.embeddingTypes) {
        byType[type] = type === "binary" ? embedding.map((value) => (value > 0 ? 1 : 0)) : embedding;
      }
      body.embeddingsByType = byType;
    }
    return { body, inputTextTokenCount: tokens };
  }
}

interface TitanRequest {
  inputText: string;
  dimensions: number;
  normalize: boolean;
  embeddingTypes?: string[];
}

function parseRequest(body: unknown): TitanRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw malformedInput(`#: expected type: JSONObject, found: ${Array.isArray(body) ? "JSONArray" : typeof body}`);
  }
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!KNOWN_KEYS.has(key)) throw malformedInput(`#: extraneous key [${key}] is not permitted`);
  }
  const { inputText, dimensions = 1024, normalize = true, embeddingTypes } = fields;
  if (inputText === undefined) throw malformedInput("#: required key [inputText] not found");
  if (typeof inputText !== "string")
    throw malformedInput(`#/inputText: expected type: String, found: ${typeName(inputText)}`);
  if (inputText.length === 0) throw malformedInput("#/inputText: expected minLength: 1, actual: 0");
  if (typeof dimensions !== "number" || !DIMENSIONS.includes(dimensions)) {
    throw malformedInput(`#/dimensions: ${JSON.stringify(dimensions)} is not a valid enum value`);
  }
  if (typeof normalize !== "boolean")
    throw malformedInput(`#/normalize: expected type: Boolean, found: ${typeName(normalize)}`);
  if (embeddingTypes !== undefined) {
    if (!Array.isArray(embeddingTypes) || embeddingTypes.length === 0) {
      throw malformedInput("#/embeddingTypes: expected a non-empty array of float, binary");
    }
    embeddingTypes.forEach((type, i) => {
      if (!EMBEDDING_TYPES.includes(type))
        throw malformedInput(`#/embeddingTypes/${i}: ${JSON.stringify(type)} is not a valid enum value`);
    });
  }
  return {
    inputText,
    dimensions,
    normalize,
    ...(embeddingTypes ? { embeddingTypes: embeddingTypes as string[] } : {}),
  };
}

function typeName(value: unknown): string {
  if (value === null) return "Null";
  if (Array.isArray(value)) return "JSONArray";
  const type = typeof value;
  return type === "object" ? "JSONObject" : type.charAt(0).toUpperCase() + type.slice(1);
}
