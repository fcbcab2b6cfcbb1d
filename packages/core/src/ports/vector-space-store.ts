import type { VectorSpace, VectorSpaceState } from "../domain/vector-space.ts";
import type { SearchIndex } from "./search-index.ts";

/**
 * Which vector space searches read, and which one is being filled to replace it: a record in the
 * metadata store, changed only by conditional writes, so two processes switching at once cannot
 * leave it half way or switch to a space that is no longer the one being filled.
 */
export interface VectorSpacePointer {
  /** The spaces now. On an empty store `initial` is recorded first, as the active and home space. */
  state(initial: VectorSpace): Promise<VectorSpaceState>;
  /** Records `space` as the one being filled (replacing another being filled), unless it is active. */
  setNext(space: VectorSpace): Promise<void>;
  /** The space being filled becomes the active one, if it is `space`; false otherwise. */
  activate(space: VectorSpace): Promise<boolean>;
}

/**
 * Where each space's chunks live: one index per space. The home space (the first one, from before
 * a second space ever existed) keeps the unversioned index; each other space has its own.
 */
export interface VectorSpaceIndexes {
  index(space: VectorSpace, options: { home: boolean }): SearchIndex;
  /** Creates the space's index when missing: done by the process that may create indexes (the API). */
  create(space: VectorSpace, options: { home: boolean }): Promise<void>;
}
