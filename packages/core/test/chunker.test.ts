import { describe, expect, it } from "vitest";
import { chunkBlocks } from "../src/chunking/chunker.ts";
import { tokenCount } from "../src/chunking/token-counter.ts";
import type { TextBlock } from "../src/domain/parsed-document.ts";

const sentence = (n: number) => `Sentence number ${n} talks about the harbour, the tides and the ships that came in.`;

describe("chunkBlocks", () => {
  it("starts a new chunk at every heading and keeps the heading path", () => {
    const blocks: TextBlock[] = [
      { kind: "heading", text: "Annual report", level: 1 },
      { kind: "paragraph", text: "Opening words." },
      { kind: "heading", text: "Revenue", level: 2 },
      { kind: "paragraph", text: "Revenue grew." },
      { kind: "heading", text: "Risks", level: 2 },
      { kind: "paragraph", text: "Weather." },
    ];
    const chunks = chunkBlocks("doc_x", blocks, { targetTokens: 200, overlapTokens: 0 });
    expect(chunks.map((c) => c.headingPath)).toEqual([
      ["Annual report"],
      ["Annual report", "Revenue"],
      ["Annual report", "Risks"],
    ]);
    expect(chunks[1]?.text).toBe("Revenue\n\nRevenue grew.");
    expect(chunks.map((c) => c.ordinal)).toEqual([0, 1, 2]);
  });

  it("keeps chunks within the target and records the page range they span", () => {
    const blocks: TextBlock[] = Array.from({ length: 30 }, (_, i) => ({
      kind: "paragraph",
      text: sentence(i),
      page: Math.floor(i / 10) + 1,
    }));
    const chunks = chunkBlocks("doc_x", blocks, { targetTokens: 60, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(60 + 2);
    expect(chunks[0]?.pageStart).toBe(1);
    expect(chunks.at(-1)?.pageEnd).toBe(3);
    const spanning = chunks.find((c) => c.pageStart !== c.pageEnd);
    expect(spanning).toBeDefined();
    expect(spanning?.text).toContain(sentence(9));
  });

  it("splits a long paragraph on sentences before words", () => {
    const paragraph = Array.from({ length: 12 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkBlocks("doc_x", [{ kind: "paragraph", text: paragraph }], {
      targetTokens: 50,
      overlapTokens: 0,
    });
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.text.trim()).toMatch(/\.$/);
  });

  it("splits a run-on sentence on words and never loses a word", () => {
    const words = Array.from({ length: 500 }, (_, i) => `w${i}`);
    const chunks = chunkBlocks("doc_x", [{ kind: "paragraph", text: words.join(" ") }], {
      targetTokens: 40,
      overlapTokens: 0,
    });
    for (const chunk of chunks) expect(tokenCount(chunk.text)).toBeLessThanOrEqual(45);
    expect(chunks.flatMap((c) => c.text.split(" "))).toEqual(words);
  });

  it("repeats trailing sentences as overlap between consecutive chunks", () => {
    const blocks: TextBlock[] = Array.from({ length: 10 }, (_, i) => ({ kind: "paragraph", text: sentence(i) }));
    const chunks = chunkBlocks("doc_x", blocks, { targetTokens: 60, overlapTokens: 25 });
    const first = chunks[0]?.text ?? "";
    const second = chunks[1]?.text ?? "";
    const lastOfFirst = first.split("\n\n").at(-1) ?? "";
    expect(second.startsWith(lastOfFirst)).toBe(true);
  });

  it("gives stable, ordered chunk ids", () => {
    const chunks = chunkBlocks(
      "doc_abc",
      [
        { kind: "paragraph", text: "One." },
        { kind: "heading", text: "H" },
        { kind: "paragraph", text: "Two." },
      ],
      {
        targetTokens: 100,
        overlapTokens: 0,
      },
    );
    expect(chunks.map((c) => c.chunkId)).toEqual(["doc_abc#00000", "doc_abc#00001"]);
  });
});
