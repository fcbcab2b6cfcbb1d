/**
 * How a chunk is stored in OpenSearch: one index document per chunk, carrying the document-level
 * fields too, so the tenant and every filter run inside the query. OpenSearch generates `_id`
 * (Serverless rejects ids chosen by the client); what identifies a chunk lives in fields.
 */

/** The fields of one stored chunk (the `_source`). */
export interface ChunkSource {
  tenant_id: string;
  document_id: string;
  chunk_id: string;
  version: string;
  ordinal: number;
  text: string;
  page_start?: number;
  page_end?: number;
  /** Present when the chunk's text was recognised from page images. */
  recognized_confidence?: number;
  heading_path: string[];
  token_count: number;
  filename: string;
  content_type: string;
  /** ISO-8601, normalised from the document's createdAt. */
  created_at: string;
  /** Returned with hits; not indexed (see metadata_pairs). */
  metadata: Record<string, string>;
  /** "key=value" per metadata entry: exact key=value filters on any key, without a mapping per key. */
  metadata_pairs: string[];
  /** Unique per stored chunk: the sort key that pages through a document's chunks with search_after. */
  entry_id: string;
  /** Epoch ms of the write; while a replace is in flight, the newer copy of a chunk wins. */
  indexed_at: number;
  vector: number[];
}

/** What a search reads back; the vector and the filter-only fields stay on the server. */
export const HIT_SOURCE_FIELDS = [
  "document_id",
  "chunk_id",
  "text",
  "page_start",
  "page_end",
  "recognized_confidence",
  "heading_path",
  "filename",
  "content_type",
  "metadata",
  "indexed_at",
] as const;

/** Added after the first release: ensureIndex puts them into the mapping of an older index. */
export const RECOGNITION_FIELDS = { recognized_confidence: { type: "float" } } as const;

export interface HnswParameters {
  /** Graph degree; faiss default 16. */
  m: number;
  /** Candidate list size while building; k-NN default 100. */
  efConstruction: number;
}

/**
 * `key=value` with `%` and `=` in the key escaped, so a key containing "=" can never be read as
 * another key/value split ("a=b" + "c" and "a" + "b=c" stay different terms).
 */
export function metadataPair(key: string, value: string): string {
  return `${key.replaceAll("%", "%25").replaceAll("=", "%3D")}=${value}`;
}

/**
 * Settings and mappings of the chunk index. Works on OpenSearch 2.x and Serverless (vector search
 * collections): faiss/hnsw is the only method both have; no shard or replica settings (Serverless
 * manages them); `dynamic: strict` so a stray field is an error, not a silent new mapping.
 */
export function chunkIndexBody(dimension: number, hnsw: HnswParameters) {
  const keyword = { type: "keyword" } as const;
  return {
    settings: { index: { knn: true } },
    mappings: {
      dynamic: "strict",
      properties: {
        tenant_id: keyword,
        document_id: keyword,
        chunk_id: keyword,
        version: keyword,
        entry_id: keyword,
        ordinal: { type: "integer" },
        token_count: { type: "integer" },
        page_start: { type: "integer" },
        page_end: { type: "integer" },
        ...RECOGNITION_FIELDS,
        // BM25 over English stems; `exact` keeps unstemmed words and stop words, so exact forms rank
        // a little higher and a query of stop words alone still finds something.
        text: { type: "text", analyzer: "english", fields: { exact: { type: "text", analyzer: "standard" } } },
        heading_path: { type: "text", analyzer: "english" },
        // keyword: exact terms and case-sensitive `prefix` queries, like the embedded index.
        filename: keyword,
        content_type: keyword,
        created_at: { type: "date", format: "strict_date_optional_time||epoch_millis" },
        metadata: { type: "object", enabled: false },
        metadata_pairs: keyword,
        indexed_at: { type: "date", format: "epoch_millis" },
        vector: {
          type: "knn_vector",
          dimension,
          method: {
            engine: "faiss",
            name: "hnsw",
            // Vectors are stored and queried unit-length, so inner product is cosine similarity.
            space_type: "innerproduct",
            parameters: { m: hnsw.m, ef_construction: hnsw.efConstruction },
          },
        },
      },
    },
  };
}
