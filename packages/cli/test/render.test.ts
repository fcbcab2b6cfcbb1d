import { stripVTControlCharacters } from "node:util";
import { buildSnippet } from "@docworker/core";
import { describe, expect, it } from "vitest";
import type { ApiDocument, SearchHit } from "../src/api-types.ts";
import { collectFilter, parseDuration } from "../src/option-parsers.ts";
import { formatDocument } from "../src/render/document.ts";
import { decodeHtmlEntities } from "../src/render/html-entities.ts";
import { formatSearchResults } from "../src/render/search-results.ts";
import { renderSnippet } from "../src/render/snippet.ts";
import { createStyle } from "../src/render/style.ts";
import { formatTable } from "../src/render/table.ts";

describe("snippets", () => {
  it("decodes numeric and named entities and leaves unknown ones", () => {
    expect(decodeHtmlEntities("&#60;a&#62; &amp; &#x27;b&#39; &quot;c&quot; &bogus; &#0;")).toBe(
      "<a> & 'b' \"c\" &bogus; &#0;",
    );
  });

  it("renders marks bold with colour and plain without", () => {
    const snippet = "…the <mark>office</mark> &#38; the <mark>move</mark>\u0007…";
    expect(renderSnippet(snippet, createStyle(false))).toBe("…the office & the move …");
    expect(renderSnippet(snippet, createStyle(true))).toBe("…the \x1b[1moffice\x1b[22m & the \x1b[1mmove\x1b[22m …");
  });
});

describe("option parsers", () => {
  it("reads durations in ms, s, m, h, bare numbers being seconds", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("90")).toBe(90_000);
    expect(parseDuration("10m")).toBe(600_000);
    expect(parseDuration("1.5h")).toBe(5_400_000);
    expect(() => parseDuration("soon")).toThrow("expected a duration");
  });

  it("collects filters, including metadata.<key>", () => {
    const filters = ["contentType=text/plain", "metadata.team=x=y", "filenamePrefix=q3/"].reduce(
      (previous, value) => collectFilter(value, previous),
      {},
    );
    expect(filters).toEqual({ contentType: ["text/plain"], metadata: { team: "x=y" }, filenamePrefix: "q3/" });
    expect(() => collectFilter("createdAfter=yesterday")).toThrow("ISO 8601");
  });
});

describe("tables", () => {
  it("aligns by visible width, ignoring colour codes", () => {
    const style = createStyle(true);
    const table = formatTable(
      [{ header: "name" }, { header: "n", align: "right" }, { header: "status" }],
      [
        ["a", "1", style.green("OK")],
        ["longer", "100", "FAILED"],
      ],
    );
    expect(stripVTControlCharacters(table)).toBe("name      n  status\na         1  OK\nlonger  100  FAILED");
  });
});

// Records and hits the real API would not easily produce (a failure with pages and a cost, a
// filename with control characters): how they print, without HTTP. The commands' HTTP side is
// tested against the real API in documents, ingest and search tests.
describe("a document record", () => {
  it("prints status, error, size, pages, chunks, usage with cost, metadata and each extracted field", () => {
    const record: ApiDocument = {
      documentId: "doc_0123456789abcdef01",
      tenantId: "default",
      filename: "report.pdf",
      status: "FAILED",
      attempts: 1,
      error: { code: "NO_TEXT_LAYER", message: "scanned pages", retryable: false },
      pages: 4,
      chunkCount: 0,
      size: 20_480,
      metadata: { team: "finance" },
      usage: { inputTokens: 10, outputTokens: 2, embeddingTokens: 0, estimatedCostUsd: 0.00012 },
      extraction: {
        extractor: "rules",
        schemaId: "generic-document",
        data: { title: "Q3", keywords: ["a", "b"], summary: { short: "x" } },
      },
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    };
    const text = formatDocument(record, createStyle(false));
    expect(text).toMatch(/^documentId +doc_0123456789abcdef01$/m);
    expect(text).toMatch(/^status +FAILED$/m);
    expect(text).toMatch(/^error +NO_TEXT_LAYER: scanned pages$/m);
    expect(text).toMatch(/^size +20 KiB$/m);
    expect(text).toMatch(/^pages +4$/m);
    expect(text).toMatch(/^chunks +0$/m);
    expect(text).toMatch(/^usage +input 10 · output 2 · embedding 0 tokens · ~\$0\.0001$/m);
    expect(text).toMatch(/^metadata +team=finance$/m);
    expect(text).toContain("extraction  rules · schema generic-document · 3 fields");
    expect(text).toMatch(/^ {2}keywords +\[2\] a; b$/m);
    expect(text).toMatch(/^ {2}summary +\{"short":"x"\}$/m);
    expect(text).not.toMatch(/^recognition/m);
  });

  it("says which pages were read poorly and on which nothing legible was found", () => {
    const record: ApiDocument = {
      documentId: "doc_0123456789abcdef02",
      tenantId: "default",
      filename: "scans.tiff",
      status: "PROCESSED",
      attempts: 1,
      chunkCount: 1,
      metadata: {},
      usage: { inputTokens: 0, outputTokens: 0, embeddingTokens: 12 },
      recognition: {
        engine: "tesseract:eng",
        pages: [
          { page: 1, confidence: 0.41, characters: 30 },
          { page: 2, confidence: 0, characters: 0 },
        ],
        meanConfidence: 0.41,
        lowConfidencePages: [1],
        pagesWithoutText: [2],
      },
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    };
    expect(formatDocument(record, createStyle(false))).toMatch(
      /^recognition +tesseract:eng, confidence 0\.41; low on page 1; no text found on page 2$/m,
    );
  });
});

describe("search results", () => {
  const query = "office move";
  const texts = [
    'The board decided the office move happens in May; costs < $5k & "approved".',
    "Moving the office requires a new lease <mark>not a tag</mark>.",
  ];
  const hits: SearchHit[] = [
    {
      documentId: "doc_0123456789abcdef01",
      chunkId: "doc_0123456789abcdef01#0",
      score: 0.0327868,
      text: texts[0] ?? "",
      snippet: buildSnippet(texts[0] ?? "", query),
      page: 3,
      headingPath: ["Minutes"],
      filename: "minutes.pdf",
      contentType: "application/pdf",
      metadata: {},
    },
    {
      documentId: "doc_abcdef0123456789ab",
      chunkId: "doc_abcdef0123456789ab#4",
      score: 0.0161,
      text: texts[1] ?? "",
      snippet: buildSnippet(texts[1] ?? "", query),
      page: 1,
      pageEnd: 2,
      headingPath: [],
      filename: "lease\u001b[31m.docx",
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
  ];

  it("prints rank, score, filename, pages and the snippet with marks in bold, and no control characters", () => {
    const text = formatSearchResults({ mode: "hybrid", tookMs: 4.2, results: hits }, createStyle(true));
    const bold = (t: string) => `\x1b[1m${t}\x1b[22m`;
    expect(text).toContain(`${bold("1")}  0.03279  minutes.pdf  \x1b[2mp. 3\x1b[22m`);
    expect(text).toContain("pp. 1-2");
    expect(text).toContain("lease [31m.docx");
    expect(text).toContain("2 results in 4.2 ms (hybrid)");
  });
});
