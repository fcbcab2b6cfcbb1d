import { sameSpace, type VectorSpace, type VectorSpaceState, vectorSpaceOf } from "../domain/vector-space.ts";
import type { Embedder } from "../ports/embedder.ts";
import type { SearchIndex } from "../ports/search-index.ts";
import type { VectorSpaceIndexes, VectorSpacePointer } from "../ports/vector-space-store.ts";

/** One vector space with the index holding it and the embedder that makes its vectors. */
export interface SpaceTarget {
  space: VectorSpace;
  index: SearchIndex;
  embedder: Embedder;
}

export interface VectorSpacesOptions {
  pointer: VectorSpacePointer;
  indexes: VectorSpaceIndexes;
  /** The configured embedder: new documents are embedded by it, and a space of its own is filled for it. */
  embedder: Embedder;
  /** Builds the embedder of another space (the active one while the configured one is being filled). */
  embedderFor: (space: VectorSpace) => Promise<Embedder>;
  /** The active space of a store that has none yet (default: the configured embedder's). */
  initial?: VectorSpace;
  /** How long a search may reuse the state it read (default 2 s); writes always read it afresh. */
  searchStateTtlMs?: number;
  now?: () => number;
}

/**
 * Which vector space each operation uses. Searches read the active space with the embedder that
 * filled it, whatever this process is configured with. Writes and deletes go to the active space
 * and to the space being filled, so neither misses a document while the switch is prepared.
 */
export class VectorSpaces {
  readonly configured: VectorSpace;
  readonly #pointer: VectorSpacePointer;
  readonly #indexes: VectorSpaceIndexes;
  readonly #embedder: Embedder;
  readonly #embedderFor: (space: VectorSpace) => Promise<Embedder>;
  readonly #initial: VectorSpace;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #embedders = new Map<string, Promise<Embedder>>();
  #cached?: { state: VectorSpaceState; at: number };

  constructor(options: VectorSpacesOptions) {
    this.#pointer = options.pointer;
    this.#indexes = options.indexes;
    this.#embedder = options.embedder;
    this.configured = vectorSpaceOf(options.embedder);
    this.#embedderFor = options.embedderFor;
    this.#initial = options.initial ?? this.configured;
    this.#ttlMs = options.searchStateTtlMs ?? 2000;
    this.#now = options.now ?? Date.now;
  }

  /** The same stores, for a process configured with another embedder (one restarted after the change). */
  withEmbedder(embedder: Embedder, options: Pick<VectorSpacesOptions, "searchStateTtlMs"> = {}): VectorSpaces {
    return new VectorSpaces({
      pointer: this.#pointer,
      indexes: this.#indexes,
      embedder,
      embedderFor: this.#embedderFor,
      initial: this.#initial,
      searchStateTtlMs: options.searchStateTtlMs ?? this.#ttlMs,
      now: this.#now,
    });
  }

  async state(): Promise<VectorSpaceState> {
    const state = await this.#pointer.state(this.#initial);
    this.#cached = { state, at: this.#now() };
    return state;
  }

  /** The active space: one space for the whole search, keyword and vector alike. */
  async searchTarget(): Promise<SpaceTarget> {
    const cached = this.#cached;
    const state = cached && this.#now() - cached.at < this.#ttlMs ? cached.state : await this.state();
    return this.#target(state.active, state);
  }

  /** The active space and the one being filled, read afresh. */
  async writeTargets(): Promise<SpaceTarget[]> {
    const state = await this.state();
    const spaces = state.next && !sameSpace(state.next, state.active) ? [state.active, state.next] : [state.active];
    return Promise.all(spaces.map((space) => this.#target(space, state)));
  }

  /**
   * Creates the configured embedder's index when missing (the API's part), and starts filling it
   * when it is neither active nor being filled. True: it was started now.
   */
  async buildConfigured(): Promise<boolean> {
    const state = await this.state();
    await this.#indexes.create(this.configured, { home: sameSpace(state.home, this.configured) });
    if (sameSpace(state.active, this.configured) || sameSpace(state.next, this.configured)) return false;
    await this.#pointer.setNext(this.configured);
    this.#cached = undefined;
    return true;
  }

  /** The space, once filled, becomes the one searches read. */
  async activate(space: VectorSpace): Promise<boolean> {
    const switched = await this.#pointer.activate(space);
    this.#cached = undefined;
    return switched;
  }

  /** The index of a space, in the state just read. */
  index(space: VectorSpace, state: VectorSpaceState): SearchIndex {
    return this.#indexes.index(space, { home: sameSpace(state.home, space) });
  }

  async #target(space: VectorSpace, state: VectorSpaceState): Promise<SpaceTarget> {
    return { space, index: this.index(space, state), embedder: await this.#embedderOf(space) };
  }

  #embedderOf(space: VectorSpace): Promise<Embedder> {
    if (sameSpace(space, this.configured)) return Promise.resolve(this.#embedder);
    let embedder = this.#embedders.get(space.key);
    if (!embedder) {
      embedder = this.#embedderFor(space).then((made) => {
        if (!sameSpace(vectorSpaceOf(made), space)) {
          throw new Error(`the embedder built for vector space ${space.key} is ${vectorSpaceOf(made).key}`);
        }
        return made;
      });
      embedder.catch(() => this.#embedders.delete(space.key));
      this.#embedders.set(space.key, embedder);
    }
    return embedder;
  }
}
