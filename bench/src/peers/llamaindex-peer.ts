import type { Embedder } from "@docworker/core";
import {
  BaseEmbedding,
  Document,
  SentenceSplitter,
  Settings,
  storageContextFromDefaults,
  VectorStoreIndex,
} from "llamaindex";
import type { PeerDocument, PeerIngest } from "./peer.ts";

/** docworker's embedder as a LlamaIndex embedding model: the very same vectors. */
class DocworkerEmbedding extends BaseEmbedding {
  readonly inner: Embedder;
  /** Texts embedded as documents: the number of chunks LlamaIndex made. */
  embedded = 0;

  constructor(inner: Embedder, batchSize: number) {
    super();
    this.inner = inner;
    this.embedBatchSize = batchSize;
    this.getTextEmbeddings = async (texts: string[]) => {
      this.embedded += texts.length;
      return (await inner.embedDocuments(texts)).vectors.map((v) => Array.from(v));
    };
  }

  async getTextEmbedding(text: string): Promise<number[]> {
    return Array.from((await this.inner.embedQuery(text)).vectors[0] ?? []);
  }
}

export const LLAMAINDEX_CONFIG = (chunkSize: number, overlap: number, batch: number) =>
  `SentenceSplitter({chunkSize: ${chunkSize}, chunkOverlap: ${overlap}}) (cl100k tokens, LlamaIndex's default tokenizer) → ` +
  `VectorStoreIndex.init({nodes}) (in-memory SimpleVectorStore, cosine), embedBatchSize ${batch}; retriever similarityTopK 200. ` +
  "The splitter is applied explicitly: llamaindex 0.12.1 bundles a second Settings object into its indices module, so " +
  "Settings.nodeParser set by an application is ignored by VectorStoreIndex.fromDocuments (it silently splits at 1024 tokens)";

/** LlamaIndex.TS: SentenceSplitter + VectorStoreIndex in memory, the getting-started pipeline. */
export async function ingestWithLlamaIndex(
  docs: readonly PeerDocument[],
  embedder: Embedder,
  options: { chunkSize: number; chunkOverlap: number; batchSize: number },
): Promise<PeerIngest> {
  const embedModel = new DocworkerEmbedding(embedder, options.batchSize);
  Settings.embedModel = embedModel;
  const splitter = new SentenceSplitter({ chunkSize: options.chunkSize, chunkOverlap: options.chunkOverlap });
  const started = performance.now();
  const documents = docs.map((d) => new Document({ text: d.text, id_: d.id }));
  const nodes = splitter.getNodesFromDocuments(documents);
  const index = await VectorStoreIndex.init({ nodes, storageContext: await storageContextFromDefaults({}) });
  const ms = performance.now() - started;
  const retriever = index.asRetriever({ similarityTopK: 200 });
  return {
    ms,
    chunks: embedModel.embedded,
    async retrieve(query: string) {
      const hits = await retriever.retrieve({ query });
      return hits.map((h) => h.node.sourceNode?.nodeId ?? "");
    },
  };
}
