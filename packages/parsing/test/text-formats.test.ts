import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { allText, blockWith, expectParseError, parse, parseFixture } from "./helpers/fixtures.ts";

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));

describe("plain text", () => {
  it("splits paragraphs on blank lines and recognises bullet lists", async () => {
    const document = await parseFixture("fake-text-utf-16.txt");
    expect(document).toMatchObject({ format: "text", mediaType: "text/plain" });
    expect(document.blocks).toEqual([
      { kind: "paragraph", text: "This is a test document to use for unit tests." },
      { kind: "paragraph", text: "Doylestown, PA 18901" },
      { kind: "paragraph", text: "Important points:" },
      { kind: "list", text: "- Hamburgers are delicious\n- Dogs are the best\n- I love fuzzy blankets" },
    ]);
  });

  it("reads UTF-8 and keeps one paragraph per line when lines are not hard-wrapped", async () => {
    const document = await parseFixture("norwich-city.txt");
    expect(document.blocks[0]).toEqual({ kind: "paragraph", text: "Iwan Roberts" });
    expect(allText(document)).toContain("1986–1990 Watford 63 (9)");
  });

  it.each([
    ["utf-8 with BOM", "utf-8", true],
    ["utf-16be with BOM", "utf-16be", true],
    ["utf-16le without BOM", "utf-16le", false],
    ["utf-32le with BOM", "utf-32le", true],
    ["windows-1252", "windows-1252", false],
    ["latin-1", "latin1", false],
  ])("decodes %s", async (_, encoding, bom) => {
    const text = "Grüße aus Köln – “déjà vu” for 5 €";
    const expected = encoding === "latin1" ? "Grüße aus Köln, déjà vu, naïve" : text;
    const encoded = iconv.encode(expected, encoding, { addBOM: bom });
    const document = await parse(new Uint8Array(encoded), "greeting.txt");
    expect(document.blocks).toEqual([{ kind: "paragraph", text: expected }]);
  });

  it("collapses runs of whitespace inside lines", async () => {
    const document = await parse(utf8("one\t\ttwo \u00a0 three\u200b\n   four   \n\n\n  five  "), "spaces.txt");
    expect(document.blocks).toEqual([
      { kind: "paragraph", text: "one two three\nfour" },
      { kind: "paragraph", text: "five" },
    ]);
  });

  it("refuses empty and whitespace-only files as EMPTY", async () => {
    await expectParseError(parseFixture("empty.txt"), "EMPTY");
    await expectParseError(parseFixture("fake-text-all-whitespace.txt"), "EMPTY");
    await expectParseError(
      parse(utf8("<html><body>  <script>var x = 1;</script> </body></html>"), "blank.html"),
      "EMPTY",
    );
  });

  it("keeps source code as one code block with its indentation", async () => {
    const document = await parseFixture("fake.go");
    expect(document).toMatchObject({ format: "code", mediaType: "text/plain" });
    expect(document.blocks).toEqual([
      { kind: "code", text: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("Hello Go!")\n}' },
    ]);
  });
});

describe("Markdown", () => {
  it("turns # headings into heading blocks, lists into lists and fences into code", async () => {
    const document = await parseFixture("sample-readme.md");
    expect(document.format).toBe("markdown");
    expect(document.blocks[0]).toEqual({ kind: "heading", text: "Example Docs", level: 2 });
    expect(blockWith(document, "example-10k.html")).toMatchObject({ kind: "list" });
    expect(blockWith(document, "example-10k.html")?.text).toContain(
      "- example-10k.html - A 10-K SEC filing in HTML format",
    );
    expect(blockWith(document, "XBRL 10-K")).toEqual({ kind: "heading", text: "XBRL 10-K", level: 4 });
    expect(blockWith(document, "curl -O")).toMatchObject({ kind: "code" });
  });

  it("decodes a Latin-1 file", async () => {
    const document = await parseFixture("umlauts-non-utf8.md");
    expect(document.blocks).toEqual([
      { kind: "heading", text: "können", level: 2 },
      { kind: "paragraph", text: "können" },
      { kind: "paragraph", text: "äöüß" },
    ]);
  });

  it("strips inline markup and keeps tables as tables", async () => {
    const markdown =
      "# Title with *emphasis*\n\nSee [the docs](https://x.test) and `code` &amp; more.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    const document = await parse(utf8(markdown), "notes.md");
    expect(document.blocks).toEqual([
      { kind: "heading", text: "Title with emphasis", level: 1 },
      { kind: "paragraph", text: "See the docs and code & more." },
      { kind: "table", text: "a | b\n1 | 2" },
    ]);
  });
});

describe("HTML", () => {
  it("honours cp1252 and keeps h1 as a heading", async () => {
    const document = await parseFixture("fake-html-cp1252.html");
    expect(document.format).toBe("html");
    expect(document.blocks.slice(0, 3)).toEqual([
      { kind: "heading", text: "My First Heading", level: 1 },
      { kind: "paragraph", text: "My first paragraph." },
      { kind: "paragraph", text: "Some text with CP1252-specific characters:" },
    ]);
    const text = allText(document);
    expect(text).toContain('Sie sagte: "Das war köstlich!" und lächelte dabei. Der Preis betrug 15,50 €.');
    expect(text).toContain("El niño comió paella con ñoquis.");
  });

  it("honours a declared charset and drops scripts, styles and hidden content", async () => {
    const html =
      '<html><head><meta charset="windows-1252"><title>Caf\xe9</title><style>p{}</style></head>' +
      "<body><h2>Men\xfc</h2><script>alert(1)</script><div style='display:none'>secret</div>" +
      "<p>Line one<br>line   two</p><ul><li>first</li><li>second<ol><li>nested</li></ol></li></ul>" +
      "<table><tr><th>Name</th><th>Price</th></tr><tr><td>Tea</td><td>2 \x80</td></tr></table></body></html>";
    const document = await parse(new Uint8Array(Buffer.from(html, "latin1")), "menu.html");
    expect(document.properties).toEqual({ title: "Café" });
    expect(document.blocks).toEqual([
      { kind: "heading", text: "Menü", level: 2 },
      { kind: "paragraph", text: "Line one\nline two" },
      { kind: "list", text: "- first\n- second\n  1. nested" },
      { kind: "table", text: "Name | Price\nTea | 2 €" },
    ]);
  });

  it("reads an XHTML 10-K filing", async () => {
    const document = await parseFixture("example-10k-1p.html");
    expect(document.format).toBe("html");
    expect(allText(document)).toContain("Galaxy Gaming, Inc.");
    expect(blockWith(document, "Title of each class")?.kind).toBe("table");
  });
});

describe("CSV and TSV", () => {
  it("keeps rows as table lines, a title row apart and the header in each table block", async () => {
    const document = await parseFixture("stanley-cups.csv");
    expect(document).toMatchObject({ format: "csv", mediaType: "text/csv" });
    expect(document.blocks).toEqual([
      { kind: "paragraph", text: "Stanley Cups" },
      {
        kind: "table",
        text: "Team | Location | Stanley Cups\nBlues | STL | 1\nFlyers | PHI | 2\nMaple Leafs | TOR | 13",
      },
    ]);
  });

  it("repeats the header when a long table is cut into blocks", async () => {
    const rows = Array.from({ length: 120 }, (_, index) => `row ${index}\t${index * 2}`);
    const document = await parse(utf8(["name\tvalue", ...rows].join("\n")), "numbers.tsv");
    expect(document.format).toBe("tsv");
    expect(document.blocks.length).toBeGreaterThan(2);
    for (const block of document.blocks) expect(block.text.startsWith("name | value\n")).toBe(true);
    expect(allText(document)).toContain("row 119 | 238");
  });
});

describe("JSON and NDJSON", () => {
  it("writes values as path: value lines, one block per record", async () => {
    const document = await parseFixture("simple.json");
    expect(document.format).toBe("json");
    expect(document.blocks[0]?.text).toContain("text: These are a few of my favorite things:");
    expect(document.blocks[0]?.text).toContain("metadata.languages[0]: eng");
  });

  it("reads NDJSON one record per block", async () => {
    const document = await parse(
      utf8('{"id":1,"name":"Ada"}\n\n{"id":2,"name":"Grace","tags":["x"]}\n'),
      "people.ndjson",
    );
    expect(document.blocks).toEqual([
      { kind: "paragraph", text: "id: 1\nname: Ada" },
      { kind: "paragraph", text: "id: 2\nname: Grace\ntags[0]: x" },
    ]);
  });

  it("refuses invalid JSON in a .json file as CORRUPT, but reads it as text in a .txt file", async () => {
    const incomplete = await parseFixture("fake-incomplete-json.txt");
    expect(incomplete.format).toBe("text");
    expect(allText(incomplete)).toContain('"email": "johndoe@example.com",');
    const { fixture } = await import("./helpers/fixtures.ts");
    await expectParseError(parse(fixture("fake-incomplete-json.txt"), "person.json"), "CORRUPT");
    await expectParseError(parse(utf8('{"ok":true}\n{"broken":\n'), "records.ndjson"), "CORRUPT");
  });
});

describe("e-mail", () => {
  it.each(["utf-16be", "utf-16le"])("reads a message saved as %s with a byte order mark", async (encoding) => {
    const mail =
      "From: Ada <ada@example.com>\r\nTo: Bob <bob@example.com>\r\nSubject: Wide mail\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe body survives the wide encoding.\r\n";
    const document = await parse(new Uint8Array(iconv.encode(mail, encoding, { addBOM: true })), "wide.eml");
    expect(document.blocks[0]).toEqual({ kind: "heading", text: "Wide mail", level: 1 });
    expect(allText(document)).toContain("The body survives the wide encoding.");
  });

  it("gives the subject as heading, the addresses, subject and date, then the text body", async () => {
    const document = await parseFixture("fake-email.eml");
    expect(document).toMatchObject({ format: "eml", mediaType: "message/rfc822" });
    expect(document.blocks).toEqual([
      { kind: "heading", text: "Test Email", level: 1 },
      {
        kind: "paragraph",
        text: 'From: "Matthew Robinson" <mrobinson@unstructured.io>\nTo: "NotMatthew" <NotMatthew@notunstructured.com>\nSubject: Test Email\nDate: 2022-12-16T22:04:16.000Z',
      },
      { kind: "paragraph", text: "This is a test email to use for unit tests." },
      { kind: "paragraph", text: "Important points:" },
      { kind: "list", text: "- Roses are red\n- Violets are blue" },
    ]);
    expect(document.properties).toMatchObject({ title: "Test Email" });
  });

  it("reads a mail whose part headers are malformed", async () => {
    const document = await parseFixture("fake-email-malformed-encoding.eml");
    expect(allText(document)).toContain("This is a test email to use for unit tests.");
  });

  it("converts the HTML body when there is no text part", async () => {
    const mail = [
      "From: a@example.com",
      "To: b@example.com",
      "Subject: Only HTML",
      "MIME-Version: 1.0",
      "Content-Type: text/html; charset=utf-8",
      "",
      "<h1>Hello</h1><p>World</p>",
    ].join("\r\n");
    const document = await parse(utf8(mail), "only-html.eml");
    expect(document.blocks.slice(2)).toEqual([
      { kind: "heading", text: "Hello", level: 1 },
      { kind: "paragraph", text: "World" },
    ]);
  });
});

describe("refused types", () => {
  it("refuses images as NO_TEXT_LAYER", async () => {
    await expectParseError(parseFixture("example.jpg"), "NO_TEXT_LAYER");
    await expectParseError(parseFixture("DA-1p.png"), "NO_TEXT_LAYER");
  });

  it("refuses unknown binary as UNSUPPORTED_TYPE", async () => {
    const binary = new Uint8Array(256).map((_, index) => index);
    await expectParseError(parse(binary, "data.txt"), "UNSUPPORTED_TYPE");
    await expectParseError(
      parse(new Uint8Array(Buffer.from("\x1f\x8b\x08\x00hello")), "notes.txt"),
      "UNSUPPORTED_TYPE",
    );
  });
});

describe("XML", () => {
  it("reads an RSS feed as one section per item", async () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour news</title>
      <description>What happens at the port</description>
      <item><title>Crane 4 back in service</title><link>https://example.com/crane</link>
        <pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate><description>&lt;p&gt;The &lt;b&gt;repaired&lt;/b&gt; crane lifts again.&lt;/p&gt;</description></item>
      <item><title>Night shift starts</title><description>From Monday.</description></item>
    </channel></rss>`;
    const document = await parse(utf8(rss), "news.rss");
    expect(document).toMatchObject({ format: "xml", properties: { title: "Harbour news" } });
    expect(document.blocks).toEqual([
      { kind: "heading", text: "Harbour news", level: 1 },
      { kind: "paragraph", text: "What happens at the port" },
      { kind: "heading", text: "Crane 4 back in service", level: 2 },
      { kind: "paragraph", text: "Published: 2026-12-01T08:00:00.000Z\nLink: https://example.com/crane" },
      { kind: "paragraph", text: "The repaired crane lifts again." },
      { kind: "heading", text: "Night shift starts", level: 2 },
      { kind: "paragraph", text: "From Monday." },
    ]);
  });

  it("reads an Atom feed's entries", async () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Changelog</title>
      <entry><title>v2 released</title><summary>Faster imports.</summary></entry></feed>`;
    const document = await parse(utf8(atom), "changes.atom");
    expect(document.blocks.map((block) => block.text)).toEqual(["Changelog", "v2 released", "Faster imports."]);
  });

  it("reads other XML as its text: records as name: value lines, prose in document order", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY lol "lololol">]>
      <catalog><book id="1"><title>Dune</title><author>Frank Herbert</author></book>
      <note>Shipped <em>twice</em> in <![CDATA[2025 & 2026]]>.</note><empty/><!-- a comment --></catalog>`;
    const document = await parse(utf8(xml), "catalog.xml");
    expect(document.blocks).toEqual([
      { kind: "paragraph", text: "title: Dune\nauthor: Frank Herbert" },
      { kind: "paragraph", text: "Shipped twice in 2025 & 2026 ." },
    ]);
  });
});
