import type { SearchFilters } from "@docworker/core";
import type { Types } from "@opensearch-project/opensearch";
import { metadataPair } from "./chunk-mapping.ts";

type Query = Types.Common_QueryDsl.QueryContainer;

/** Keeps a pathological query below the boolean clause limit; the embedded index caps the same. */
const MAX_QUERY_TERMS = 64;

/**
 * The tenant and the filters as filter clauses (no scoring, cached), for a bool `filter` or the
 * `filter` of a knn query, so they narrow the candidates before any ranking or top-k cut.
 */
export function filterClauses(tenantId: string, filters: SearchFilters): Query[] {
  const clauses: Query[] = [{ term: { tenant_id: tenantId } }];
  if (filters.contentType && filters.contentType.length > 0) {
    clauses.push({ terms: { content_type: filters.contentType } });
  }
  if (filters.filenamePrefix) clauses.push({ prefix: { filename: { value: filters.filenamePrefix } } });
  const range: { gte?: number; lt?: number } = {};
  if (filters.createdAfter !== undefined) range.gte = epochMs(filters.createdAfter, "createdAfter");
  if (filters.createdBefore !== undefined) range.lt = epochMs(filters.createdBefore, "createdBefore");
  if (range.gte !== undefined || range.lt !== undefined) {
    clauses.push({ range: { created_at: { ...range, format: "epoch_millis" } } });
  }
  for (const [key, value] of Object.entries(filters.metadata ?? {})) {
    clauses.push({ term: { metadata_pairs: metadataPair(key, value) } });
  }
  return clauses;
}

/** All chunks of one document of one tenant. */
export function documentClauses(tenantId: string, documentId: string): Query[] {
  return [{ term: { tenant_id: tenantId } }, { term: { document_id: documentId } }];
}

/**
 * BM25 over the chunk text. `match` analyses the text and has no query syntax, so what a user
 * typed can never fail to parse. A chunk must match the text (stemmed or exact); a matching
 * heading only lifts it a little.
 */
export function keywordQuery(text: string, filters: Query[]): Query | undefined {
  const words = [
    ...new Set(
      text
        .normalize("NFKC")
        .split(/\s+/u)
        .filter((w) => /[\p{L}\p{N}]/u.test(w)),
    ),
  ];
  if (words.length === 0) return undefined;
  const query = words.slice(0, MAX_QUERY_TERMS).join(" ");
  return {
    bool: {
      filter: filters,
      must: [
        {
          bool: {
            should: [
              { match: { text: { query, operator: "or" } } },
              { match: { "text.exact": { query, operator: "or", boost: 0.5 } } },
            ],
            minimum_should_match: 1,
          },
        },
      ],
      should: [{ match: { heading_path: { query, operator: "or", boost: 0.3 } } }],
    },
  };
}

/** Exact or approximate k-NN with the filters inside the knn clause (efficient filtering). */
export function vectorQuery(vector: number[], k: number, filters: Query[]): Query {
  return { knn: { vector: { vector, k, filter: { bool: { filter: filters } } } } };
}

/**
 * faiss inner product scores are `1 + dot` for dot >= 0 and `1 / (1 - dot)` below; inverted here
 * so hits carry the dot product, which is cosine similarity for unit vectors.
 */
export function innerProductFromScore(score: number): number {
  return score >= 1 ? score - 1 : 1 - 1 / score;
}

function epochMs(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a date: ${JSON.stringify(value)}`);
  return ms;
}
