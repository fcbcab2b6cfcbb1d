import { randomUUID } from "node:crypto";
import {
  DocworkerError,
  type IndexedChunk,
  type IndexedDocument,
  type IndexedDocumentPage,
  type IndexHit,
  type IndexQuery,
  type SearchIndex,
} from "@docworker/core";
import type { API, Types } from "@opensearch-project/opensearch";
import { type BulkLimits, bulkDelete, bulkIndex } from "./bulk-writes.ts";
import {
  type ChunkSource,
  chunkIndexBody,
  HIT_SOURCE_FIELDS,
  type HnswParameters,
  metadataPair,
  RECOGNITION_FIELDS,
} from "./chunk-mapping.ts";
import type { OpenSearchCalls } from "./opensearch-calls.ts";
import { createOpenSearchClient } from "./opensearch-client.ts";
import type { OpenSearchConfig } from "./opensearch-config.ts";
import { rejectedError, toDocworkerError } from "./opensearch-errors.ts";
import { RecentWrites } from "./recent-writes.ts";
import { documentClauses, filterClauses, innerProductFromScore, keywordQuery, vectorQuery } from "./search-query.ts";
import { unitVector } from "./unit-vector.ts";

export interface OpenSearchIndexOptions {
  /** The index (or alias) holding the chunks. */
  index: string;
  /** Vector dimension; must match the index's mapping. */
  dimension: number;
  /** HNSW build parameters, used when ensureIndex creates the index. */
  hnsw?: HnswParameters;
  /** Bulk request size (default 500 documents or 5 MiB, whichever comes first). */
  bulk?: Partial<BulkLimits>;
  /** Hits per page when collecting a document's chunk ids (default and maximum 10,000). */
  idPageSize?: number;
  /** How long this process remembers the ids it wrote per document (default 120 s); see RecentWrites. */
  recentWritesTtlMs?: number;
  now?: () => number;
}

type Query = Types.Common_QueryDsl.QueryContainer;
type Hit = {
  _id: string;
  _score?: number | string | null;
  _source?: Partial<ChunkSource>;
  sort?: Types.Common.SortResults;
};

/** Both searches stop here, like the embedded index. */
const MAX_K = 1000;
const MAX_PAGE = 10_000;

/**
 * The SearchIndex port on OpenSearch Serverless (vector search collection) or any OpenSearch 2.x
 * node with the k-NN plugin: BM25 on the chunk text, k-NN (faiss HNSW, inner product over unit
 * vectors, so scores are cosine), the tenant and every filter inside the query.
 *
 * Writes never choose an `_id` (Serverless generates them), so a document's chunks are found by
 * searching `tenant_id` + `document_id`. Searches see writes only after the index refreshes (up to
 * 60 s on Serverless); nothing here asks for a refresh, which Serverless does not offer.
 */
export class OpenSearchIndex implements SearchIndex {
  readonly #client: OpenSearchCalls;
  readonly #index: string;
  readonly #dimension: number;
  readonly #hnsw: HnswParameters;
  readonly #bulk: BulkLimits;
  readonly #idPageSize: number;
  readonly #recent: RecentWrites;
  readonly #now: () => number;

  constructor(client: OpenSearchCalls, options: OpenSearchIndexOptions) {
    this.#client = client;
    this.#index = options.index;
    this.#dimension = options.dimension;
    this.#hnsw = options.hnsw ?? { m: 16, efConstruction: 128 };
    this.#bulk = { maxDocs: 500, maxBytes: 5 * 1024 * 1024, ...options.bulk };
    this.#idPageSize = Math.min(MAX_PAGE, Math.max(1, options.idPageSize ?? MAX_PAGE));
    this.#now = options.now ?? Date.now;
    this.#recent = new RecentWrites({ ttlMs: options.recentWritesTtlMs ?? 120_000, now: this.#now });
  }

  /** A client for the configured endpoint (signed on AWS) and the index on it. */
  static fromConfig(config: OpenSearchConfig): OpenSearchIndex {
    return new OpenSearchIndex(createOpenSearchClient(config), {
      index: config.index,
      dimension: config.dimension,
      hnsw: config.hnsw,
    });
  }

  get indexName(): string {
    return this.#index;
  }

  /**
   * Creates the index with its mapping unless it exists (also when another process creates it at
   * the same moment), then checks that its vectors have the configured dimension.
   */
  async ensureIndex(): Promise<void> {
    const index = this.#index;
    try {
      const exists = await this.#client.indices.exists({ index });
      if (!exists.body) {
        await this.#client.indices
          .create({ index, body: chunkIndexBody(this.#dimension, this.#hnsw) as API.Indices_Create_RequestBody })
          .catch((error: unknown) => {
            if (errorType(error) !== "resource_already_exists_exception") throw error;
          });
      }
      await this.#addRecognitionFields();
      await this.#checkDimension();
    } catch (error) {
      throw toDocworkerError(error, `index ${index}: ensure index`);
    }
  }

  /**
   * Checks that the index exists and holds vectors of the configured dimension, without creating
   * it: for a principal that may write documents but not create indexes (the worker; the API
   * creates the index, see the runtime).
   */
  async verifyIndex(): Promise<void> {
    const index = this.#index;
    try {
      const exists = await this.#client.indices.exists({ index });
      if (!exists.body) {
        throw new DocworkerError(
          "DEPENDENCY_UNAVAILABLE",
          `index ${index} does not exist yet: the API creates it when it starts`,
        );
      }
      await this.#checkDimension();
    } catch (error) {
      throw toDocworkerError(error, `index ${index}: verify index`);
    }
  }

  /** An index created before chunks carried recognition provenance gets the field added. */
  async #addRecognitionFields(): Promise<void> {
    const index = this.#index;
    const mapping = await this.#client.indices.getMapping({ index });
    const [mappings] = Object.values(mapping.body as Record<string, { mappings?: { properties?: MappedFields } }>);
    if (!mappings?.mappings?.properties?.recognized_confidence) {
      await this.#client.indices.putMapping({ index, body: { properties: RECOGNITION_FIELDS } });
    }
  }

  async #checkDimension(): Promise<void> {
    const index = this.#index;
    const mapping = await this.#client.indices.getMapping({ index });
    const [mappings] = Object.values(mapping.body as Record<string, { mappings?: { properties?: MappedFields } }>);
    const dimension = mappings?.mappings?.properties?.vector?.dimension;
    if (dimension !== this.#dimension) {
      throw rejectedError(
        `index ${index} holds vectors of ${dimension ?? "no"} dimensions; the embedder makes ${this.#dimension}`,
      );
    }
  }

  /**
   * Finds the document's current chunks, indexes the new ones, then deletes the old ones by `_id`:
   * new before old, so a search never finds the document missing. Until the delete is visible a
   * search may find both copies of a chunk; the searches then keep the newer one (indexed_at).
   * If indexing fails part-way, what was indexed is deleted again and the old chunks stay.
   */
  async replaceDocument(document: IndexedDocument, chunks: IndexedChunk[]): Promise<void> {
    const sources = this.#sourcesOf(document, chunks);
    const { tenantId, documentId } = document;
    const old = new Set([...(await this.#chunkIds(tenantId, documentId)), ...this.#recent.get(tenantId, documentId)]);
    const written: string[] = [];
    try {
      await bulkIndex(this.#client, this.#index, sources, this.#bulk, written);
    } catch (error) {
      try {
        await bulkDelete(this.#client, this.#index, written, this.#bulk);
      } catch {
        // The rollback failed too: remember the new ids, so the next replace or delete removes them.
        this.#recent.set(tenantId, documentId, [...old, ...written]);
      }
      throw error;
    }
    try {
      await bulkDelete(this.#client, this.#index, [...old], this.#bulk);
    } catch (error) {
      this.#recent.set(tenantId, documentId, [...old, ...written]);
      throw error;
    }
    this.#recent.set(tenantId, documentId, written);
  }

  async deleteDocument(tenantId: string, documentId: string): Promise<void> {
    const ids = new Set([...(await this.#chunkIds(tenantId, documentId)), ...this.#recent.get(tenantId, documentId)]);
    await bulkDelete(this.#client, this.#index, [...ids], this.#bulk);
    this.#recent.set(tenantId, documentId, []);
  }

  async keywordSearch(query: IndexQuery & { text: string }): Promise<IndexHit[]> {
    const k = clampK(query.k);
    const bm25 = keywordQuery(query.text, filterClauses(query.tenantId, query.filters));
    if (!bm25 || k === 0) return [];
    const hits = await this.#searchHits(bm25, k, "keyword search");
    return newestCopies(hits).map((hit) => toHit(hit, Number(hit._score ?? 0)));
  }

  async vectorSearch(query: IndexQuery & { vector: Float32Array }): Promise<IndexHit[]> {
    const k = clampK(query.k);
    const vector = unitVector(query.vector, this.#dimension, "the query vector");
    const filters = filterClauses(query.tenantId, query.filters);
    if (k === 0) return [];
    const hits = await this.#searchHits(vectorQuery(vector, k, filters), k, "vector search");
    return newestCopies(hits).map((hit) => toHit(hit, innerProductFromScore(Number(hit._score ?? 0))));
  }

  async countChunks(tenantId: string, documentId: string): Promise<number> {
    try {
      const response = await this.#client.count({
        index: this.#index,
        body: { query: { bool: { filter: documentClauses(tenantId, documentId) } } },
      });
      return response.body.count;
    } catch (error) {
      throw toDocworkerError(error, `index ${this.#index}: count`);
    }
  }

  /**
   * A composite aggregation over tenant and document id, paged by its `after_key`: each document
   * once, however many chunks it has, in the order of its ids.
   */
  async listDocuments(query: { limit: number; cursor?: string }): Promise<IndexedDocumentPage> {
    const size = Math.max(1, Math.min(MAX_K, Math.trunc(query.limit) || 1));
    let after: Record<string, string> | undefined;
    if (query.cursor !== undefined) {
      try {
        after = JSON.parse(Buffer.from(query.cursor, "base64url").toString("utf8")) as Record<string, string>;
      } catch (error) {
        throw rejectedError("invalid document list cursor", error);
      }
    }
    type Bucket = { key: { tenant: string; document: string } };
    type Aggregation = { buckets: Bucket[]; after_key?: Record<string, string> };
    let aggregation: Aggregation | undefined;
    try {
      const response = await this.#client.search({
        index: this.#index,
        body: {
          size: 0,
          track_total_hits: false,
          aggs: {
            documents: {
              composite: {
                size,
                sources: [
                  { tenant: { terms: { field: "tenant_id" } } },
                  { document: { terms: { field: "document_id" } } },
                ],
                ...(after ? { after } : {}),
              },
            },
          },
        } as API.Search_RequestBody,
      });
      aggregation = (response.body.aggregations as { documents?: Aggregation } | undefined)?.documents;
    } catch (error) {
      throw toDocworkerError(error, `index ${this.#index}: list documents`);
    }
    const buckets = aggregation?.buckets ?? [];
    const items = buckets.map((bucket) => ({ tenantId: bucket.key.tenant, documentId: bucket.key.document }));
    if (buckets.length < size || !aggregation?.after_key) return { items };
    return { items, nextCursor: Buffer.from(JSON.stringify(aggregation.after_key), "utf8").toString("base64url") };
  }

  #sourcesOf(document: IndexedDocument, chunks: IndexedChunk[]): ChunkSource[] {
    const createdMs = Date.parse(document.createdAt);
    if (Number.isNaN(createdMs)) throw rejectedError(`createdAt is not a date: ${JSON.stringify(document.createdAt)}`);
    const metadata = document.metadata ?? {};
    const metadataPairs = Object.entries(metadata).map(([key, value]) => metadataPair(key, value));
    const writeId = randomUUID();
    const indexedAt = this.#now();
    return chunks.map((chunk, i) => {
      let vector: number[];
      try {
        vector = unitVector(chunk.vector, this.#dimension, `the vector of chunk ${chunk.chunkId}`);
      } catch (error) {
        throw rejectedError((error as Error).message, error);
      }
      return {
        tenant_id: document.tenantId,
        document_id: document.documentId,
        chunk_id: chunk.chunkId,
        version: document.version,
        ordinal: chunk.ordinal,
        text: chunk.text,
        ...(chunk.pageStart === undefined ? {} : { page_start: chunk.pageStart }),
        ...(chunk.pageEnd === undefined ? {} : { page_end: chunk.pageEnd }),
        ...(chunk.recognizedConfidence === undefined ? {} : { recognized_confidence: chunk.recognizedConfidence }),
        heading_path: chunk.headingPath ?? [],
        token_count: chunk.tokenCount,
        filename: document.filename,
        content_type: document.contentType,
        created_at: new Date(createdMs).toISOString(),
        metadata,
        metadata_pairs: metadataPairs,
        entry_id: `${writeId}:${i}`,
        indexed_at: indexedAt,
        vector,
      };
    });
  }

  /** Every `_id` of the document's chunks that search can see, paged with search_after. */
  async deleteOtherVersions(tenantId: string, documentId: string, keepVersion: string): Promise<number> {
    const ids = await this.#chunkIds(tenantId, documentId, keepVersion);
    await bulkDelete(this.#client, this.#index, ids, this.#bulk);
    return ids.length;
  }

  /** The ids of a document's chunks; with `exceptVersion`, only those of other versions. */
  async #chunkIds(tenantId: string, documentId: string, exceptVersion?: string): Promise<string[]> {
    const ids: string[] = [];
    let after: Types.Common.SortResults | undefined;
    for (;;) {
      const hits = await this.#search(
        {
          size: this.#idPageSize,
          _source: false,
          track_total_hits: false,
          query: {
            bool: {
              filter: documentClauses(tenantId, documentId),
              ...(exceptVersion === undefined ? {} : { must_not: [{ term: { version: exceptVersion } }] }),
            },
          },
          sort: [{ entry_id: { order: "asc" } }],
          ...(after ? { search_after: after } : {}),
        },
        "find chunk ids",
      );
      for (const hit of hits) ids.push(hit._id);
      if (hits.length < this.#idPageSize) return ids;
      after = hits.at(-1)?.sort;
    }
  }

  #searchHits(query: Query, k: number, operation: string): Promise<Hit[]> {
    return this.#search(
      { size: k, track_total_hits: false, _source: { includes: [...HIT_SOURCE_FIELDS] }, query },
      operation,
    );
  }

  async #search(body: API.Search_RequestBody, operation: string): Promise<Hit[]> {
    try {
      const response = await this.#client.search({ index: this.#index, body });
      return response.body.hits.hits as Hit[];
    } catch (error) {
      throw toDocworkerError(error, `index ${this.#index}: ${operation}`);
    }
  }
}

interface MappedFields {
  vector?: { dimension?: number };
  recognized_confidence?: { type?: string };
}

function clampK(k: number): number {
  return Math.max(0, Math.min(MAX_K, Math.trunc(k) || 0));
}

function errorType(error: unknown): string | undefined {
  const body = (error as { body?: { error?: { type?: string } } } | undefined)?.body;
  return body?.error?.type;
}

/**
 * While a replace is in flight (new chunks indexed, old ones not yet deleted or not yet refreshed
 * away) a search can find two copies of a chunk; only the newest write is kept, at its own rank.
 */
function newestCopies(hits: Hit[]): Hit[] {
  const newest = new Map<string, Hit>();
  for (const hit of hits) {
    const key = JSON.stringify([hit._source?.document_id, hit._source?.chunk_id]);
    const seen = newest.get(key);
    if (!seen || (hit._source?.indexed_at ?? 0) > (seen._source?.indexed_at ?? 0)) newest.set(key, hit);
  }
  if (newest.size === hits.length) return hits;
  const kept = new Set(newest.values());
  return hits.filter((hit) => kept.has(hit));
}

function toHit(hit: Hit, score: number): IndexHit {
  const source = hit._source ?? {};
  return {
    documentId: source.document_id ?? "",
    chunkId: source.chunk_id ?? "",
    score,
    text: source.text ?? "",
    headingPath: source.heading_path ?? [],
    filename: source.filename ?? "",
    contentType: source.content_type ?? "",
    metadata: source.metadata ?? {},
    ...(source.page_start === undefined ? {} : { pageStart: source.page_start }),
    ...(source.page_end === undefined ? {} : { pageEnd: source.page_end }),
    ...(source.recognized_confidence === undefined ? {} : { recognizedConfidence: source.recognized_confidence }),
  };
}
