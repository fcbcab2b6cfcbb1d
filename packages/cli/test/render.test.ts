import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { collectFilter, parseDuration } from "../src/option-parsers.ts";
import { decodeHtmlEntities } from "../src/render/html-entities.ts";
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
