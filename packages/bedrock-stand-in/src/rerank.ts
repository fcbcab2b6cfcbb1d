import { BedrockWireError } from "./wire-error.ts";

export interface RerankAnswer {
  results: { index: number; relevanceScore: number }[];
}

const MAX_SOURCES = 1000;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The Rerank API of bedrock-agent-runtime (POST /rerank) as its wire format has it: one TEXT
 * query, INLINE TEXT sources, BEDROCK_RERANKING_MODEL with a rerank model's ARN. Relevance is
 * lexical, not a model's: the IDF-weighted share of the query's words found in each text, in
 * [0, 1]. Right shape, right order for word overlap, deterministic.
 */
export function answerRerank(body: unknown): RerankAnswer {
  const request = body as {
    queries?: { type?: string; textQuery?: { text?: unknown } }[];
    sources?: { type?: string; inlineDocumentSource?: { type?: string; textDocument?: { text?: unknown } } }[];
    rerankingConfiguration?: {
      type?: string;
      bedrockRerankingConfiguration?: { numberOfResults?: unknown; modelConfiguration?: { modelArn?: unknown } };
    };
  } | null;
  const queries = request?.queries;
  if (!Array.isArray(queries) || queries.length !== 1) {
    throw new BedrockWireError("ValidationException", "queries must contain exactly 1 item.");
  }
  const query = queries[0]?.textQuery?.text;
  if (queries[0]?.type !== "TEXT" || typeof query !== "string" || query.length === 0) {
    throw new BedrockWireError("ValidationException", "queries[0] must be a TEXT query with a non-empty text.");
  }
  const sources = request?.sources;
  if (!Array.isArray(sources) || sources.length < 1 || sources.length > MAX_SOURCES) {
    throw new BedrockWireError("ValidationException", `sources must contain from 1 to ${MAX_SOURCES} items.`);
  }
  const texts = sources.map((source, i) => {
    const text = source?.inlineDocumentSource?.textDocument?.text;
    if (source?.type !== "INLINE" || source.inlineDocumentSource?.type !== "TEXT" || typeof text !== "string") {
      throw new BedrockWireError("ValidationException", `sources[${i}] must be an INLINE TEXT document.`);
    }
    return text;
  });
  const configuration = request?.rerankingConfiguration;
  const bedrock = configuration?.bedrockRerankingConfiguration;
  const modelArn = bedrock?.modelConfiguration?.modelArn;
  if (configuration?.type !== "BEDROCK_RERANKING_MODEL" || typeof modelArn !== "string") {
    throw new BedrockWireError(
      "ValidationException",
      "rerankingConfiguration needs a BEDROCK_RERANKING_MODEL modelArn.",
    );
  }
  if (!/^arn:aws:bedrock:[a-z0-9-]+::foundation-model\/[^/]*rerank[^/]*$/.test(modelArn)) {
    throw new BedrockWireError("ValidationException", `The provided model identifier is invalid: ${modelArn}`);
  }
  const wanted = bedrock?.numberOfResults ?? texts.length;
  if (!Number.isInteger(wanted) || (wanted as number) < 1 || (wanted as number) > MAX_SOURCES) {
    throw new BedrockWireError("ValidationException", `numberOfResults must be from 1 to ${MAX_SOURCES}.`);
  }
  const scores = overlapScores(query, texts);
  const results = scores
    .map((relevanceScore, index) => ({ index, relevanceScore }))
    .sort((a, b) => b.relevanceScore - a.relevanceScore || a.index - b.index)
    .slice(0, wanted as number);
  return { results };
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(WORD) ?? []);
}

function overlapScores(query: string, texts: string[]): number[] {
  const queryWords = [...words(query)];
  const docs = texts.map(words);
  const idf = queryWords.map((w) => Math.log(1 + docs.length / (1 + docs.filter((d) => d.has(w)).length)));
  const total = idf.reduce((sum, x) => sum + x, 0) || 1;
  return docs.map((d) => queryWords.reduce((sum, w, i) => sum + (d.has(w) ? (idf[i] as number) : 0), 0) / total);
}
