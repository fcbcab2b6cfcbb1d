import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMiniLmEmbedder, type MiniLmEmbedder } from "../src/minilm/index.ts";
import { cosine, MODEL_DIR, MODEL_PRESENT, needsModel } from "./helpers/model-dir.ts";

interface Reference {
  id: string;
  text: string;
  /** Tokens before truncation, [CLS] and [SEP] included. */
  tokens: number;
  vector: number[];
}

// Python sentence-transformers on the fp32 weights; see scripts/make-reference.py.
const references: Reference[] = JSON.parse(
  readFileSync(new URL("./fixtures/reference-embeddings.json", import.meta.url), "utf8"),
).sentences;
const reference = (id: string): Reference => references.find((r) => r.id === id) as Reference;

describe.skipIf(!MODEL_PRESENT)(needsModel("createMiniLmEmbedder with the model"), () => {
  let embedder: MiniLmEmbedder;
  beforeAll(async () => {
    embedder = await createMiniLmEmbedder({ modelDir: MODEL_DIR, threads: 2 });
  });
  afterAll(async () => {
    await embedder?.close();
  });

  it("describes itself as a local semantic model of 384 dimensions", () => {
    expect(embedder.model).toBe("all-MiniLM-L6-v2-int8");
    expect(embedder.dimension).toBe(384);
    expect(embedder.kind).toBe("semantic");
  });

  it("returns one unit vector of 384 dimensions per text and bills no tokens", async () => {
    const batch = await embedder.embedDocuments(["hello world", "", "Ünïcödé ☕ 東京"]);
    expect(batch.tokens).toBe(0);
    expect(batch.vectors).toHaveLength(3);
    for (const vector of batch.vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(384);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
  });

  it("returns nothing for no texts", async () => {
    expect(await embedder.embedDocuments([])).toEqual({ vectors: [], tokens: 0 });
  });

  it("puts a paraphrase closer than an unrelated sentence", async () => {
    const [guitar, paraphrase, tax] = (
      await embedder.embedDocuments(["guitar", "guitar-paraphrase", "tax"].map((id) => reference(id).text))
    ).vectors as [Float32Array, Float32Array, Float32Array];
    expect(cosine(guitar, paraphrase)).toBeGreaterThan(0.6);
    expect(cosine(guitar, tax)).toBeLessThan(0.1);
  });

  it("matches Python sentence-transformers' vectors within cosine 0.998", async () => {
    expect(reference("long").tokens).toBeGreaterThan(256); // so truncation is compared too
    const { vectors } = await embedder.embedDocuments(references.map((r) => r.text));
    references.forEach((r, i) => {
      expect({ id: r.id, cosine: cosine(vectors[i] as Float32Array, r.vector) }).toEqual({
        id: r.id,
        cosine: expect.toSatisfy((c: number) => c >= 0.998),
      });
    });
  });

  it("gives each text the same vector whatever it is batched with, in input order", async () => {
    const texts = references.map((r) => r.text).reverse();
    const small = await createMiniLmEmbedder({ modelDir: MODEL_DIR, threads: 1, batchSize: 2 });
    try {
      const together = (await small.embedDocuments(texts)).vectors;
      for (const [i, text] of texts.entries()) {
        const [alone] = (await embedder.embedQuery(text)).vectors;
        expect(cosine(together[i] as Float32Array, alone as Float32Array)).toBeGreaterThan(0.9999);
      }
    } finally {
      await small.close();
    }
  });

  it("ignores everything after the first 256 tokens", async () => {
    const long = reference("long").text;
    const [cut, extended] = (await embedder.embedDocuments([long, `${long} Entirely different words about tax.`]))
      .vectors as [Float32Array, Float32Array];
    expect(cosine(cut, extended)).toBeGreaterThan(0.99999);
  });

  it("runs the texts of one call whose first 256 tokens are the same once, giving them the very same vector", async () => {
    const long = reference("long").text;
    const [head, chunk] = (await embedder.embedDocuments([`${long} A different ending.`, long])).vectors as [
      Float32Array,
      Float32Array,
    ];
    expect(Array.from(head)).toEqual(Array.from(chunk));
  });

  it("serves concurrent callers", async () => {
    const texts = references.map((r) => r.text);
    const results = await Promise.all(texts.map((text) => embedder.embedQuery(text)));
    const { vectors } = await embedder.embedDocuments(texts);
    results.forEach((result, i) => {
      expect(cosine(result.vectors[0] as Float32Array, vectors[i] as Float32Array)).toBeGreaterThan(0.9999);
    });
  });

  it("refuses to embed once closed", async () => {
    const other = await createMiniLmEmbedder({ modelDir: MODEL_DIR, threads: 1 });
    await other.close();
    await expect(other.embedQuery("hello")).rejects.toThrow(/closed/);
  });
});
