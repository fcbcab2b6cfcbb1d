import { describe, expect, it } from "vitest";
import type { IndexHit } from "../src/ports/search-index.ts";
import { reciprocalRankFusion } from "../src/search/reciprocal-rank-fusion.ts";
import { buildSnippet } from "../src/search/snippet.ts";

const hit = (chunkId: string): IndexHit => ({
  documentId: chunkId.split("#")[0] ?? chunkId,
  chunkId,
  score: 1,
  text: chunkId,
  headingPath: [],
  filename: "f",
  contentType: "text/plain",
  metadata: {},
});

describe("reciprocalRankFusion", () => {
  it("ranks a hit found by both retrievers above hits found by one", () => {
    const fused = reciprocalRankFusion(
      [
        [hit("a#1"), hit("b#1"), hit("c#1")],
        [hit("d#1"), hit("c#1")],
      ],
      60,
      10,
    );
    expect(fused[0]?.chunkId).toBe("c#1");
    expect(fused[0]?.score).toBeCloseTo(1 / 63 + 1 / 62);
    expect(fused).toHaveLength(4);
  });

  it("cuts to the limit", () => {
    expect(reciprocalRankFusion([[hit("a#1"), hit("b#1"), hit("c#1")]], 60, 2).map((h) => h.chunkId)).toEqual([
      "a#1",
      "b#1",
    ]);
  });
});

describe("buildSnippet", () => {
  it("marks query terms, escapes HTML and centres on the matches", () => {
    const text = `${"filler words ".repeat(60)}the <b>harbour</b> master counted ships in the harbour today. ${"more filler ".repeat(40)}`;
    const snippet = buildSnippet(text, "Harbour ships");
    expect(snippet).toContain("&#60;b&#62;<mark>harbour</mark>&#60;/b&#62;");
    expect(snippet).toContain("<mark>ships</mark>");
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet).not.toContain("<b>");
  });

  it("returns the start of the text when nothing matches", () => {
    expect(buildSnippet("alpha beta gamma", "zeta")).toBe("alpha beta gamma");
  });
});
