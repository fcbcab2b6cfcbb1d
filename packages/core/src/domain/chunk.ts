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
  /** Present when some of the text was recognised from page images: the lowest confidence, 0 to 1. */
  recognizedConfidence?: number;
}
