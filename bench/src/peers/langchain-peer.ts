import { type Embedder, tokenCount } from "@docworker/core";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document } from "@langchain/core/documents";
import { Embeddings } from "@langchain/core/embeddings";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { PeerDocument, PeerIngest } from "./peer.ts";

/** docworker's embedder as LangChain Embeddings: the very same vectors. */
class DocworkerEmbeddings extends Embeddings {
  readonly inner: Embedder;

  constructor(inner: Embedder) {
    super({});
    this.inner = inner;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.inner.embedDocuments(texts)).vectors.map((v) => Array.from(v));
  }

  async embedQuery(text: string): Promise<number[]> {
    return Array.from((await this.inner.embedQuery(text)).vectors[0] ?? []);
  }
}

export const LANGCHAIN_CONFIG = (chunkSize: number, overlap: number) =>
  `RecursiveCharacterTextSplitter({chunkSize: ${chunkSize}, chunkOverlap: ${overlap}, lengthFunction: cl100k token count}) → ` +
  "MemoryVectorStore.fromDocuments (cosine, all chunks embedded in one embedDocuments call); similaritySearchWithScore k 200";

/** LangChain.js: RecursiveCharacterTextSplitter + MemoryVectorStore. */
export async function ingestWithLangChain(
  docs: readonly PeerDocument[],
  embedder: Embedder,
  options: { chunkSize: number; chunkOverlap: number },
): Promise<PeerIngest> {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: options.chunkSize,
    chunkOverlap: options.chunkOverlap,
    lengthFunction: (text: string) => tokenCount(text),
  });
  const started = performance.now();
  const chunks = await splitter.splitDocuments(
    docs.map((d) => new Document({ pageContent: d.text, metadata: { docId: d.id } })),
  );
  const store = await MemoryVectorStore.fromDocuments(chunks, new DocworkerEmbeddings(embedder));
  const ms = performance.now() - started;
  return {
    ms,
    chunks: chunks.length,
    async retrieve(query: string) {
      const hits = await store.similaritySearchWithScore(query, 200);
      return hits.map(([doc]) => String(doc.metadata.docId));
    },
  };
}
