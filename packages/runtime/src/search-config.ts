import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";

export type RerankerKind = "none" | "bedrock";

export interface EmbeddedSearchConfig {
  /** Threads that serve searches, each with a read-only connection (0: on the event loop). */
  readerThreads: number;
  /** A tenant with this many chunks is vector-searched through an HNSW graph. */
  annMinChunks: number;
  /** Candidates the graph search keeps: recall against speed. */
  annExpansion: number;
  /** "background" (exact until the graph is ready) or "inline" (the search waits for it). */
  annBuild: "background" | "inline";
  /** Most vectors in one graph segment: a larger tenant's graph is several, searched together. */
  annSegmentChunks: number;
  /** A query word in more than this share of chunks is left out of the match when rarer words remain (1 keeps all). */
  keywordCommonShare: number;
}

export interface SearchConfig {
  embedded: EmbeddedSearchConfig;
  /** "none" or "bedrock" (the Rerank API, billed per query: AWS only). */
  reranker: RerankerKind;
  /** Results of the retrievers the reranker reorders. */
  rerankDepth: number;
}

const api = ["api"] as const;

export const SEARCH_SETTINGS = settingsSchema({
  SEARCH_READER_THREADS: Setting.integer(
    { minimum: 0, maximum: 64 },
    {
      default: 2,
      meaning: "embedded: threads serving searches, each with a read-only connection (`0`: on the event loop)",
      readBy: api,
    },
  ),
  SEARCH_ANN_MIN_CHUNKS: Setting.integer(
    { minimum: 1, maximum: 1_000_000_000 },
    { default: 20_000, meaning: "embedded: tenants this large are vector-searched through an HNSW graph", readBy: api },
  ),
  SEARCH_ANN_EXPANSION: Setting.integer(
    { minimum: 16, maximum: 65_536 },
    { default: 512, meaning: "embedded: candidates the graph search keeps (recall against speed)", readBy: api },
  ),
  SEARCH_ANN_BUILD: Setting.oneOf(["background", "inline"], {
    default: "background",
    meaning: "embedded: `background` (exact until the graph is built) or `inline` (the search waits for it)",
    readBy: api,
  }),
  SEARCH_ANN_SEGMENT_CHUNKS: Setting.integer(
    { minimum: 1_000, maximum: 1_000_000_000 },
    {
      default: 100_000,
      meaning: "embedded: most chunks in one HNSW graph; a larger tenant's is several, searched together",
      readBy: api,
    },
  ),
  SEARCH_KEYWORD_COMMON_SHARE: Setting.number(
    { exclusiveMinimum: 0, maximum: 1 },
    {
      default: 0.2,
      meaning:
        "embedded: query words in more than this share of chunks are left out when rarer ones remain (`1`: none)",
      readBy: api,
    },
  ),
  RERANKER: Setting.oneOf(["none", "bedrock"], {
    default: "none",
    meaning: "`bedrock`: the Bedrock Rerank API reorders the first `RERANK_DEPTH` results (AWS only)",
    readBy: api,
  }),
  RERANK_DEPTH: Setting.integer(
    { minimum: 1, maximum: 1000 },
    { default: 50, meaning: "results of the retrievers the reranker reorders", readBy: api },
  ),
});

export const SEARCH_CONCERN: SettingsConcern = { title: "search", schema: SEARCH_SETTINGS };

/** Only the API searches: a worker-only process reads none of this, has no readers and no reranker. */
export function loadSearchConfig(env: Env, options: { servesApi: boolean; onAws: boolean }): SearchConfig {
  const s = readSettings(SEARCH_SETTINGS, env);
  const reranker = options.servesApi ? s.RERANKER : "none";
  if (reranker === "bedrock" && !options.onAws) {
    throw new Error("invalid configuration: RERANKER=bedrock needs DOCWORKER_ADAPTERS=aws");
  }
  return {
    embedded: {
      readerThreads: options.servesApi ? s.SEARCH_READER_THREADS : 0,
      annMinChunks: s.SEARCH_ANN_MIN_CHUNKS,
      annExpansion: s.SEARCH_ANN_EXPANSION,
      annBuild: s.SEARCH_ANN_BUILD,
      annSegmentChunks: s.SEARCH_ANN_SEGMENT_CHUNKS,
      keywordCommonShare: s.SEARCH_KEYWORD_COMMON_SHARE,
    },
    reranker,
    rerankDepth: s.RERANK_DEPTH,
  };
}
