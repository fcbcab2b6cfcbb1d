import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { describe, expect, it } from "vitest";
import { encodeTruncated, type WordPieceTokenizer } from "../src/minilm/truncating-tokenizer.ts";
import { MODEL_DIR, MODEL_PRESENT, needsModel } from "./helpers/model-dir.ts";

const CLS = 101;
const SEP = 102;

/** One id per whitespace-separated word (its length), between [CLS] and [SEP]; records its inputs. */
function fakeTokenizer(): WordPieceTokenizer & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    encode(text: string) {
      seen.push(text);
      const words = text.split(/[ \t\r\n]+/).filter((word) => word.length > 0);
      return { ids: [CLS, ...words.map((word) => 1000 + word.length), SEP] };
    },
  };
}

describe("encodeTruncated", () => {
  it("leaves a text that fits untouched", () => {
    expect(encodeTruncated(fakeTokenizer(), "a bb ccc", 5)).toEqual([CLS, 1001, 1002, 1003, SEP]);
  });

  it("keeps the first maxTokens - 1 ids and the final [SEP], like sentence-transformers", () => {
    expect(encodeTruncated(fakeTokenizer(), "a bb ccc dddd", 4)).toEqual([CLS, 1001, 1002, SEP]);
  });

  it("tokenises only a prefix of a very long text, cut at whitespace", () => {
    const tokenizer = fakeTokenizer();
    const text = "word ".repeat(100_000);
    const ids = encodeTruncated(tokenizer, text, 8);
    expect(ids).toEqual([CLS, ...Array(6).fill(1004), SEP]);
    expect(tokenizer.seen).toHaveLength(1);
    expect(tokenizer.seen[0]?.length).toBeLessThanOrEqual(8 * 16);
  });

  it("tokenises the whole text when the prefix holds too few tokens", () => {
    const tokenizer = fakeTokenizer();
    const text = `${" ".repeat(10_000)}a b c d e f g h i j`;
    expect(encodeTruncated(tokenizer, text, 8)).toEqual([CLS, ...Array(6).fill(1001), SEP]);
    expect(tokenizer.seen.at(-1)).toBe(text);
  });
});

describe.skipIf(!MODEL_PRESENT)(needsModel("encodeTruncated with the real WordPiece tokenizer"), () => {
  const json = (file: string): object => JSON.parse(readFileSync(join(MODEL_DIR, file), "utf8"));
  const tokenizer = MODEL_PRESENT ? new Tokenizer(json("tokenizer.json"), json("tokenizer_config.json")) : undefined;
  const naive = (text: string): number[] => {
    const ids = (tokenizer as Tokenizer).encode(text).ids;
    return ids.length <= 256 ? ids : [...ids.slice(0, 255), ids.at(-1) as number];
  };
  const prose = "The regional hospital approved an exhibition about ancient pottery, despite concerns. ";

  it.each([
    ["long prose", prose.repeat(300), 256],
    ["whitespace-heavy text", "word".padEnd(40, " ").repeat(500), 256],
    ["words joined by punctuation, no whitespace", "word,".repeat(4000), 256],
    ["one word longer than WordPiece's 100 characters", "x".repeat(20_000), 3],
    ["Unicode separators the normaliser deletes or keeps", "café\ufeffnaïve\u00a0東京\u2028résumé ".repeat(600), 256],
  ])("gives the same ids as tokenising everything for %s", (_, text, length) => {
    const ids = encodeTruncated(tokenizer as Tokenizer, text, 256);
    expect(ids).toEqual(naive(text));
    expect(ids).toHaveLength(length);
    expect([ids[0], ids.at(-1)]).toEqual([CLS, SEP]);
  });
});
