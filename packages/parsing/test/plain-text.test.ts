import { loadCoreConfig } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { plainTextParserFor } from "../src/plain-text.ts";

const limits = loadCoreConfig({}).limits;
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("plainTextParserFor", () => {
  it("returns the detection of a plain text and a parser that reads it in that format", async () => {
    const bytes = utf8('{"title": "Harbour budget", "approved": true}');
    const reading = await plainTextParserFor(bytes, "minutes.json");
    expect(reading?.detected).toEqual({ format: "json", mediaType: "application/json" });
    const document = await reading?.parser.parse({ bytes, filename: "minutes.json", limits });
    expect(document?.format).toBe("json");
    expect(document?.blocks.map((block) => block.text).join("\n")).toContain("Harbour budget");
  });

  it("returns nothing for a format a third-party library parses", async () => {
    expect(await plainTextParserFor(utf8("# Minutes\n\nThe board met."), "minutes.md")).toBeUndefined();
    expect(await plainTextParserFor(utf8("%PDF-1.7\n%\xff\xff"), "minutes.txt")).toBeUndefined();
  });

  it("still refuses an oversized body before reading it", async () => {
    const bytes = utf8("The board met on Tuesday.");
    const reading = await plainTextParserFor(bytes, "minutes.txt");
    const tiny = { ...limits, maxBytes: 4 };
    await expect(reading?.parser.parse({ bytes, filename: "minutes.txt", limits: tiny })).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
  });
});
