import { describe, expect, it } from "vitest";
import {
  chunkBlocks,
  nothingLegible,
  type ParsedDocument,
  type RecognizedPage,
  recognizePages,
  type TextRecognizer,
} from "../src/index.ts";

const CONFIG = { lowConfidence: 0.6, maxPages: 10, dpi: 300 };
const SOURCE = { bucket: "raw", key: "tenants/t/documents/d/scan.pdf" };
const image = (page: number) => ({
  page,
  bytes: new Uint8Array([1]),
  mediaType: "image/png" as const,
  width: 10,
  height: 10,
});
const line = (text: string, top: number, confidence = 0.9) => ({
  text,
  confidence,
  box: { left: 0.1, top, width: 0.8, height: 0.02 },
});

function fakeRecognizer(pages: RecognizedPage[]): TextRecognizer & { requests: unknown[] } {
  const requests: unknown[] = [];
  return {
    engine: "test-engine",
    requests,
    async recognize(request) {
      requests.push(request);
      return pages.filter((page) => request.pages.some((image) => image.page === page.page));
    },
  };
}

const parsed: ParsedDocument = {
  format: "pdf",
  mediaType: "application/pdf",
  pageCount: 3,
  blocks: [
    { kind: "paragraph", text: "typed page one", page: 1 },
    { kind: "paragraph", text: "typed page three", page: 3 },
  ],
  pagesToRecognize: [image(2)],
};

describe("recognizePages", () => {
  it("puts the recognised page's text between the pages around it, paragraphs split on gaps", async () => {
    const recognizer = fakeRecognizer([
      {
        page: 2,
        confidence: 0.5,
        lines: [line("first line", 0.1, 0.4), line("second line", 0.125, 0.6), line("after a gap", 0.3)],
      },
    ]);
    const { parsed: merged, recognition } = await recognizePages(recognizer, parsed, SOURCE, CONFIG);
    expect(merged.pagesToRecognize).toBeUndefined();
    expect(merged.blocks).toEqual([
      { kind: "paragraph", text: "typed page one", page: 1 },
      { kind: "paragraph", text: "first line\nsecond line", page: 2, recognizedConfidence: 0.505 },
      { kind: "paragraph", text: "after a gap", page: 2, recognizedConfidence: 0.9 },
      { kind: "paragraph", text: "typed page three", page: 3 },
    ]);
    expect(recognition).toEqual({
      engine: "test-engine",
      pages: [{ page: 2, confidence: 0.5, characters: 32 }],
      meanConfidence: 0.5,
      lowConfidencePages: [2],
    });
    expect(recognizer.requests).toEqual([
      { pages: [image(2)], document: { mediaType: "application/pdf", pageCount: 3, source: SOURCE } },
    ]);
    // Chunks keep the page and carry the lowest confidence of the text in them.
    const chunks = chunkBlocks("d", merged.blocks, { targetTokens: 400, overlapTokens: 0 });
    expect(chunks[0]).toMatchObject({ pageStart: 1, pageEnd: 3, recognizedConfidence: 0.505 });
  });

  it("leaves a document with nothing to recognise as it is", async () => {
    const plain = { ...parsed, pagesToRecognize: [] };
    const { recognition } = await recognizePages(fakeRecognizer([]), plain, SOURCE, CONFIG);
    expect(recognition).toBeUndefined();
  });

  it("without a recognizer, keeps the text pages, and fails a document that has none", async () => {
    expect((await recognizePages(undefined, parsed, SOURCE, CONFIG)).parsed.blocks).toHaveLength(2);
    const scan = { ...parsed, blocks: [] };
    await expect(recognizePages(undefined, scan, SOURCE, CONFIG)).rejects.toMatchObject({ code: "NO_TEXT_LAYER" });
  });

  it("lists pages where nothing legible was found, apart from the pages read poorly", async () => {
    const scan: ParsedDocument = { ...parsed, blocks: [], pagesToRecognize: [image(1), image(2)] };
    const blank = await recognizePages(
      fakeRecognizer([
        { page: 1, confidence: 0, lines: [] },
        { page: 2, confidence: 0.2, lines: [line("   ", 0.1, 0.2)] },
      ]),
      scan,
      SOURCE,
      CONFIG,
    );
    expect(blank.parsed.blocks).toEqual([]);
    expect(blank.recognition).toMatchObject({ lowConfidencePages: [], pagesWithoutText: [1, 2] });
    expect(nothingLegible(blank)).toBe(true);

    const half = await recognizePages(
      fakeRecognizer([
        { page: 1, confidence: 0.4, lines: [line("faint total 12.50", 0.1, 0.4)] },
        { page: 2, confidence: 0, lines: [] },
      ]),
      scan,
      SOURCE,
      CONFIG,
    );
    expect(half.recognition).toMatchObject({ lowConfidencePages: [1], pagesWithoutText: [2] });
    expect(nothingLegible(half)).toBe(false);
    // A document with a text layer of its own never counts as without text.
    expect(nothingLegible({ parsed: { ...parsed, blocks: [] } })).toBe(false);
  });
});
