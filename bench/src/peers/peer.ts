export interface PeerDocument {
  id: string;
  text: string;
}

export interface PeerIngest {
  /** Wall time from the documents in memory to a searchable in-memory index. */
  ms: number;
  chunks: number;
  /** Document ids of the hits, best first (one per chunk hit). */
  retrieve(query: string): Promise<string[]>;
}
