import type { RecognizedLine, RecognizedWord } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { withSurerWords } from "../src/word-vote.ts";

const word = (text: string, confidence: number, left: number): RecognizedWord => ({
  text,
  confidence,
  box: { left, top: 0.1, width: 0.1, height: 0.02 },
});
const line = (...words: RecognizedWord[]): RecognizedLine => ({
  text: words.map((w) => w.text).join(" "),
  confidence: 0.7,
  box: { left: 0.1, top: 0.1, width: 0.5, height: 0.02 },
  words,
});

describe("words of two readings of a page", () => {
  it("takes the other reading's word over the same pixels when it was read more confidently", () => {
    const first = [line(word("TOTAL", 0.9, 0.1), word("4O.6O", 0.5, 0.3))];
    const other = [line(word("T0TAL", 0.95, 0.1)), line(word("40.60", 0.9, 0.305))];
    const [merged] = withSurerWords(first, other);
    expect(merged?.text).toBe("TOTAL 40.60");
    expect(merged?.words?.map((w) => [w.text, w.confidence])).toEqual([
      ["TOTAL", 0.9],
      ["40.60", 0.9],
    ]);
    expect(merged?.box).toEqual(first[0]?.box);
  });

  it("keeps the first reading's word when the other lies elsewhere or is not surer by a tenth", () => {
    const first = [line(word("CASH", 0.8, 0.1), word("50.00", 0.8, 0.3))];
    const other = [line(word("CASK", 0.85, 0.1), word("60.00", 0.99, 0.36))];
    expect(withSurerWords(first, other)).toEqual(first);
  });
});
