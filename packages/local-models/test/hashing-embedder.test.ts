import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../src/hashing-embedder.ts";

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + v * (b[i] as number), 0);

describe("hashing embedder", () => {
  const embedder = createHashingEmbedder({ dimension: 256 });

  it("says what it is: lexical, with its dimension", () => {
    expect(embedder.kind).toBe("lexical");
    expect(embedder.dimension).toBe(256);
    expect(embedder.model).toContain("lexical");
  });

  it("makes unit vectors, the same for the same text", async () => {
    const { vectors } = await embedder.embedDocuments(["Harbour tides and ships", "Harbour tides and ships"]);
    const [a, b] = vectors as [Float32Array, Float32Array];
    expect(a).toHaveLength(256);
    expect(cosine(a, a)).toBeCloseTo(1, 5);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it("puts texts that share words closer than texts that do not", async () => {
    const { vectors } = await embedder.embedDocuments([
      "the stanley cup was won by the hockey team",
      "which hockey team won the stanley cup",
      "interest rates and bond yields rose in march",
    ]);
    const [a, b, c] = vectors as [Float32Array, Float32Array, Float32Array];
    expect(cosine(a, b)).toBeGreaterThan(0.4);
    expect(cosine(a, c)).toBeLessThan(0.15);
  });

  it("returns a zero vector for text with no words rather than NaN", async () => {
    const { vectors } = await embedder.embedQuery("  ...  ");
    expect(Array.from(vectors[0] as Float32Array).every((v) => v === 0)).toBe(true);
  });
});
