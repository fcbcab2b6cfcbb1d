import type { DocumentClass } from "../classes/document-class.ts";
import { ClassCatalog } from "../classes/document-class.ts";
import type { ClassificationOutput, ClassificationRequest, Classifier } from "../ports/classifier.ts";
import type { Embedder } from "../ports/embedder.ts";
import { HEAD_CHARS } from "./head-vector.ts";

export interface LocalClassifierOptions {
  /** Compares the document with each class's description and examples; without one, keywords alone decide. */
  embedder?: Embedder;
  /** Weight of the embedding similarity against the keyword score (0 to 1). Default 0.3. */
  similarityWeight?: number;
  /** A class must score at least this much to beat `generic`. Default 0.3. */
  minScore?: number;
}

/** Sharpens the softmax over scores into a confidence. */
const TEMPERATURE = 10;

/**
 * Classification without a model: how many of a class's keywords the document's first pages
 * contain, plus (with an embedder) how similar they are to the class's description and examples.
 * The scores go through a softmax with `generic` at `minScore`, so a document that resembles no
 * class, or two classes alike, gets a low confidence.
 */
export function createLocalClassifier(options: LocalClassifierOptions = {}): Classifier {
  const weight = options.similarityWeight ?? (options.embedder ? 0.3 : 0);
  const minScore = options.minScore ?? 0.3;
  const profiles = new Map<string, Promise<Float32Array>>();
  const profileOf = (cls: DocumentClass, embedder: Embedder) => {
    const text = [cls.description, ...cls.examples].join("\n");
    const key = `${cls.name}\n${text}`;
    let vector = profiles.get(key);
    if (!vector) {
      vector = embedder.embedDocuments([text]).then((batch) => batch.vectors[0] as Float32Array);
      profiles.set(key, vector);
    }
    return vector;
  };

  return {
    async classify(request: ClassificationRequest): Promise<ClassificationOutput> {
      const head = request.text.slice(0, HEAD_CHARS);
      const lower = ` ${head.toLowerCase().replace(/\s+/g, " ")} `;
      const candidates = request.classes.filter((c) => c.name !== ClassCatalog.FALLBACK);
      const documentVector =
        options.embedder && weight > 0 && candidates.length > 0
          ? await vectorOf(request, head, options.embedder)
          : undefined;
      const scored: { name: string; score: number; hits: string[] }[] = [];
      for (const cls of candidates) {
        const hits = cls.keywords.filter((keyword) => phrasePattern(keyword).test(lower));
        const keywordScore = 1 - Math.exp(-hits.length / 3);
        let similarity = 0;
        if (documentVector && options.embedder) {
          similarity = Math.max(0, cosine(documentVector, await profileOf(cls, options.embedder)));
        }
        const hinted = mediaTypeHint(request.mediaType) === cls.name ? 0.5 : 0;
        scored.push({ name: cls.name, score: (1 - weight) * keywordScore + weight * similarity + hinted, hits });
      }
      if (request.classes.some((c) => c.name === ClassCatalog.FALLBACK)) {
        scored.push({ name: ClassCatalog.FALLBACK, score: minScore, hits: [] });
      }
      scored.sort((a, b) => b.score - a.score);
      const best = scored[0] ?? { name: ClassCatalog.FALLBACK, score: 0, hits: [] };
      const total = scored.reduce((sum, s) => sum + Math.exp(TEMPERATURE * (s.score - best.score)), 0);
      const confidence = Math.round((1 / total) * 1000) / 1000;
      const reason =
        best.name === ClassCatalog.FALLBACK
          ? "no class scored above the threshold"
          : `keywords: ${best.hits.slice(0, 6).join(", ") || "none"}; score ${best.score.toFixed(2)}${scored[1] ? ` vs ${scored[1].name} ${scored[1].score.toFixed(2)}` : ""}`;
      return { class: best.name, confidence, reason, method: "local", usage: { inputTokens: 0, outputTokens: 0 } };
    },
  };
}

/** The head's vector from the chunks' embeddings when they are in this embedder's space, else embedded here. */
async function vectorOf(
  request: ClassificationRequest,
  head: string,
  embedder: Embedder,
): Promise<Float32Array | undefined> {
  if (request.textVector?.model === embedder.model) {
    const given = await request.textVector.vector();
    if (given?.length === embedder.dimension) return given;
  }
  return (await embedder.embedDocuments([head])).vectors[0];
}

/** Keyword patterns are made once per keyword, not per document; a catalog's keywords are few. */
const PHRASE_PATTERNS = new Map<string, RegExp>();
const MAX_PHRASE_PATTERNS = 10_000;

/** Matches the keyword in lower-cased text with word boundaries on both sides, so "term" does not count inside "terminal". */
function phrasePattern(keyword: string): RegExp {
  let pattern = PHRASE_PATTERNS.get(keyword);
  if (!pattern) {
    const phrase = keyword.toLowerCase();
    const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const tail = /\w$/.test(phrase) ? "(?![\\w])" : "";
    const lead = /^\w/.test(phrase) ? "(?<![\\w])" : "";
    // Not global: test() keeps no lastIndex between documents.
    pattern = new RegExp(`${lead}${escaped}${tail}`);
    if (PHRASE_PATTERNS.size >= MAX_PHRASE_PATTERNS) PHRASE_PATTERNS.clear();
    PHRASE_PATTERNS.set(keyword, pattern);
  }
  return pattern;
}

function mediaTypeHint(mediaType: string): string | undefined {
  return /message\/rfc822/.test(mediaType) ? "email" : undefined;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
