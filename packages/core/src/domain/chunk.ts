export interface Chunk {
  chunkId: string;
  documentId: string;
  ordinal: number;
  text: string;
  /** 1-based, inclusive; absent for formats without pages. */
  pageStart?: number;
  pageEnd?: number;
  headingPath: string[];
  tokenCount: number;
}
