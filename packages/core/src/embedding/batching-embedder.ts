import { LRUCache } from "lru-cache";
import pLimit from "p-limit";
import type { Embedder, EmbeddingBatch } from "../ports/embedder.ts";

export interface EmbeddingBatcherOptions {
  /** Texts sent to the inner embedder in one call, from any number of documents. Default 32. */
  maxBatchSize?: number;
  /** How long a partial batch waits for texts from other documents, in ms. Default 5. */
  maxWaitMs?: number;
  /** Inner calls in flight at once. Default 1: a local model already uses every core for one. */
  concurrency?: number;
  /**
   * Vectors of this many recent texts are kept and handed out again for the same text, without a
   * call (default 256; 0 turns it off): a classifier given no chunk vectors embeds the head of the
   * document, which for a short document is its one chunk, embedded a moment before.
   */
  rememberTexts?: number;
}

/** One embedDocuments call: its texts go out in one or more batches, shared with other calls. */
interface Request {
  texts: string[];
  vectors: Float32Array[];
  tokens: number;
  /** Texts not yet embedded. */
  remaining: number;
  failed: boolean;
  resolve(batch: EmbeddingBatch): void;
  reject(error: unknown): void;
}

interface Slot {
  request: Request;
  index: number;
}

/**
 * An Embedder in front of another that groups the texts of every document in flight into batches
 * of up to `maxBatchSize`, waiting at most `maxWaitMs` for a batch to fill. A document with one or
 * two chunks (most of them) then shares a model run or an API call with the others instead of
 * paying for one alone. A batch that fails is tried again one document at a time, so a text the
 * model rejects fails only its own document, with the inner embedder's own error. Queries are not
 * batched: a search waits for nobody.
 */
export function batchEmbeddings(inner: Embedder, options: EmbeddingBatcherOptions = {}): Embedder {
  const maxBatchSize = positive("maxBatchSize", options.maxBatchSize ?? 32);
  const maxWaitMs = Math.max(0, options.maxWaitMs ?? 5);
  const concurrency = positive("concurrency", options.concurrency ?? 1);
  const limit = pLimit(concurrency);
  const remember = Math.max(0, Math.trunc(options.rememberTexts ?? 256));
  // Each caller gets its own copy of a remembered vector: a caller may write into the one it got.
  const recent = remember > 0 ? new LRUCache<string, Float32Array>({ max: remember }) : undefined;
  const pending: Slot[] = [];
  let inFlight = 0;
  /** The oldest pending text has waited maxWaitMs: a partial batch may go. */
  let due = false;
  let timer: NodeJS.Timeout | undefined;

  // Batches leave only when a call slot is free, so texts that arrive while the model is busy
  // fill the next batch instead of queueing up as many small ones.
  function dispatch(): void {
    while (pending.length > 0 && inFlight < concurrency && (due || pending.length >= maxBatchSize)) {
      const batch = pending.splice(0, maxBatchSize);
      inFlight++;
      void limit(() => run(batch))
        .catch((error: unknown) => {
          for (const slot of batch) fail(slot.request, error);
        })
        .finally(() => {
          inFlight--;
          dispatch();
        });
    }
    if (pending.length === 0) {
      due = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
    } else if (!due && !timer) {
      timer = setTimeout(() => {
        timer = undefined;
        due = true;
        dispatch();
      }, maxWaitMs);
    }
  }

  async function run(batch: Slot[]): Promise<void> {
    const live = batch.filter((slot) => !slot.request.failed);
    if (live.length === 0) return;
    try {
      deliver(live, await embedUnique(live.map((slot) => slot.request.texts[slot.index] as string)));
    } catch (error) {
      const owners = new Set(live.map((slot) => slot.request));
      if (owners.size === 1) {
        for (const owner of owners) fail(owner, error);
        return;
      }
      // Isolate the document whose text failed: each one's share of the batch goes again alone.
      await Promise.all(
        [...owners].map(async (owner) => {
          const own = live.filter((slot) => slot.request === owner);
          try {
            deliver(own, await embedUnique(own.map((slot) => owner.texts[slot.index] as string)));
          } catch (ownError) {
            fail(owner, ownError);
          }
        }),
      );
    }
  }

  /** The same text twice in a batch (a document's head and its only chunk) is embedded once. */
  async function embedUnique(texts: string[]): Promise<EmbeddingBatch> {
    const unique = [...new Set(texts)];
    const result = await inner.embedDocuments(unique);
    if (result.vectors.length !== unique.length) {
      throw new Error(`${inner.model} returned ${result.vectors.length} vectors for ${unique.length} texts`);
    }
    const byText = new Map(unique.map((text, i) => [text, result.vectors[i] as Float32Array]));
    for (const [text, vector] of byText) recent?.set(text, new Float32Array(vector));
    const handedOut = new Set<string>();
    const vectors = texts.map((text) => {
      const vector = byText.get(text) as Float32Array;
      if (handedOut.has(text)) return new Float32Array(vector);
      handedOut.add(text);
      return vector;
    });
    return { vectors, tokens: result.tokens };
  }

  function deliver(slots: Slot[], result: EmbeddingBatch): void {
    // Tokens are billed per call; each document is charged its texts' share, by length.
    const totalChars = slots.reduce((sum, slot) => sum + (slot.request.texts[slot.index] as string).length, 0) || 1;
    slots.forEach((slot, i) => {
      const request = slot.request;
      if (request.failed) return;
      request.vectors[slot.index] = result.vectors[i] as Float32Array;
      request.tokens += (result.tokens * (request.texts[slot.index] as string).length) / totalChars;
      request.remaining--;
      if (request.remaining === 0) request.resolve({ vectors: request.vectors, tokens: Math.round(request.tokens) });
    });
  }

  function fail(request: Request, error: unknown): void {
    if (request.failed) return;
    request.failed = true;
    request.reject(error);
  }

  return {
    model: inner.model,
    dimension: inner.dimension,
    kind: inner.kind,
    embedDocuments(texts: string[]): Promise<EmbeddingBatch> {
      if (texts.length === 0) return Promise.resolve({ vectors: [], tokens: 0 });
      return new Promise<EmbeddingBatch>((resolve, reject) => {
        const request: Request = {
          texts,
          vectors: new Array(texts.length),
          tokens: 0,
          remaining: texts.length,
          failed: false,
          resolve,
          reject,
        };
        for (let index = 0; index < texts.length; index++) {
          const known = recent?.get(texts[index] as string);
          if (known) {
            request.vectors[index] = new Float32Array(known);
            request.remaining--;
          } else pending.push({ request, index });
        }
        if (request.remaining === 0) resolve({ vectors: request.vectors, tokens: 0 });
        else dispatch();
      });
    },
    embedQuery: (text: string) => inner.embedQuery(text),
    // The inner embedder may hold native resources (an ONNX session): closing passes through.
    ...("close" in inner && typeof inner.close === "function"
      ? { close: () => (inner.close as () => Promise<void>)() }
      : {}),
  } as Embedder;
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`invalid configuration: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
