import { buildSnippet } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { parseSnippet, unescapeHtml } from "../src/snippet.ts";

describe("search snippets in the page", () => {
  it("turns the API's <mark>s into marked parts and everything else into plain text", () => {
    expect(parseSnippet("an <mark>off</mark>-the-<mark>shelf</mark> toolkit")).toEqual([
      { text: "an ", marked: false },
      { text: "off", marked: true },
      { text: "-the-", marked: false },
      { text: "shelf", marked: true },
      { text: " toolkit", marked: false },
    ]);
  });

  it("keeps markup from a document as text: a <script> in a file never becomes an element", () => {
    const parts = parseSnippet("&#60;script&#62;alert(1)&#60;/script&#62; <mark>x</mark> &#38;amp;");
    expect(parts.map((p) => p.text).join("")).toBe("<script>alert(1)</script> x &amp;");
    expect(parts.filter((p) => p.marked).map((p) => p.text)).toEqual(["x"]);
  });

  it("reads what the API's snippet builder writes", () => {
    const text = 'A <b>bold</b> "quote" & toolkit';
    const snippet = buildSnippet(text, "toolkit");
    expect(
      parseSnippet(snippet)
        .map((p) => p.text)
        .join(""),
    ).toContain(text);
    expect(parseSnippet(snippet).find((p) => p.marked)?.text).toBe("toolkit");
  });

  it("unescapes named and numeric entities only", () => {
    expect(unescapeHtml("&lt;&gt;&quot;&#39;&#x41;&amp;&bogus;")).toBe("<>\"'A&&bogus;");
  });
});
