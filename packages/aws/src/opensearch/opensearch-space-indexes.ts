import type { VectorSpace, VectorSpaceIndexes } from "@docworker/core";
import type { HnswParameters } from "./chunk-mapping.ts";
import type { OpenSearchCalls } from "./opensearch-calls.ts";
import { OpenSearchIndex, type OpenSearchIndexOptions } from "./opensearch-index.ts";

export interface OpenSearchSpaceIndexesOptions {
  /** OPENSEARCH_INDEX: the home space's index; every other space's is `{base}-{space key}`. */
  base: string;
  hnsw?: HnswParameters;
  /** Passed to every index (tests shorten the id page and the recent-writes window). */
  indexOptions?: Omit<OpenSearchIndexOptions, "index" | "dimension" | "hnsw">;
}

/**
 * One OpenSearch index per vector space, each mapped for its own dimension. Searches name the
 * index of the space they read (never an alias that could move under a request), so the query's
 * embedder and the index's vectors always belong together.
 */
export class OpenSearchSpaceIndexes implements VectorSpaceIndexes {
  readonly #client: OpenSearchCalls;
  readonly #options: OpenSearchSpaceIndexesOptions;
  readonly #indexes = new Map<string, OpenSearchIndex>();

  constructor(client: OpenSearchCalls, options: OpenSearchSpaceIndexesOptions) {
    this.#client = client;
    this.#options = options;
  }

  /** The index name of a space: the base name for the home space, `{base}-{key}` for the others. */
  nameOf(space: VectorSpace, options: { home: boolean }): string {
    return options.home ? this.#options.base : `${this.#options.base}-${space.key}`;
  }

  index(space: VectorSpace, options: { home: boolean }): OpenSearchIndex {
    const name = this.nameOf(space, options);
    let index = this.#indexes.get(name);
    if (!index) {
      index = new OpenSearchIndex(this.#client, {
        ...this.#options.indexOptions,
        index: name,
        dimension: space.dimension,
        ...(this.#options.hnsw ? { hnsw: this.#options.hnsw } : {}),
      });
      this.#indexes.set(name, index);
    }
    return index;
  }

  async create(space: VectorSpace, options: { home: boolean }): Promise<void> {
    await this.index(space, options).ensureIndex();
  }
}
