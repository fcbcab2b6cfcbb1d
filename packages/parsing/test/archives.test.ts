import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { buildBombZip, buildDocx, buildZip } from "./helpers/build-zip.ts";
import { expectParseError, fixture, parse } from "./helpers/fixtures.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("zip archives", () => {
  it("unpacks each file of a real archive into a member, and lists them as the archive's text", async () => {
    const parsed = await parse(fixture("simple.zip"), "simple.zip");
    expect(parsed.format).toBe("zip");
    expect(parsed.members?.map((member) => member.path)).toEqual(["ideas-page.html", "stanley-cups.csv"]);
    expect(text(parsed.members?.[1]?.bytes ?? new Uint8Array())).toContain("Stanley Cups");
    expect(parsed.blocks.map((block) => block.text).join("\n")).toContain("ideas-page.html\nstanley-cups.csv");
  });

  it("leaves out folders and archivers' side files, and keeps documents that are zips inside (DOCX) as members", async () => {
    const docx = buildDocx([{ text: "Quarterly figures" }]);
    const archive = buildZip({
      "reports/": new Uint8Array(0),
      "reports/q1.docx": docx,
      "reports/.DS_Store": strToU8("finder"),
      "__MACOSX/reports/._q1.docx": strToU8("fork"),
      "notes.txt": "remember the figures",
    });
    const parsed = await parse(archive, "bundle.zip");
    expect(parsed.members?.map((member) => member.path)).toEqual(["notes.txt", "reports/q1.docx"]);
    expect(parsed.members?.[1]?.bytes).toEqual(docx);
  });

  it("unpacks a nested archive one level deep and lists a deeper one as skipped", async () => {
    const deepest = buildZip({ "deep.txt": "three levels down" });
    const inner = buildZip({ "inner.txt": "one level down", "deeper.zip": deepest });
    const parsed = await parse(buildZip({ "top.txt": "at the top", "inner.zip": inner }), "outer.zip");
    expect(parsed.members?.map((member) => member.path)).toEqual(["inner.zip/inner.txt", "top.txt"]);
    expect(text(parsed.members?.[0]?.bytes ?? new Uint8Array())).toBe("one level down");
    expect(parsed.blocks.at(-1)?.text).toContain("not unpacked: inner.zip/deeper.zip");
  });

  it("refuses more files than maxArchiveMembers, nested members counted, as TOO_LARGE", async () => {
    const files = Object.fromEntries(Array.from({ length: 4 }, (_, index) => [`file-${index}.txt`, `text ${index}`]));
    const error = await expectParseError(
      parse(buildZip(files), "many.zip", { limits: { maxArchiveMembers: 3 } }),
      "TOO_LARGE",
    );
    expect(error.message).toContain("holds 4 files; the limit is 3 (MAX_ARCHIVE_MEMBERS)");
    const nested = buildZip({ "a.txt": "a", "b.zip": buildZip({ "c.txt": "c", "d.txt": "d" }) });
    await expectParseError(parse(nested, "nested.zip", { limits: { maxArchiveMembers: 2 } }), "TOO_LARGE");
    expect((await parse(nested, "nested.zip", { limits: { maxArchiveMembers: 3 } })).members).toHaveLength(3);
  });

  it("refuses a decompression bomb, at the top or nested, by its directory without expanding it", async () => {
    const bomb = buildBombZip(1024);
    const before = process.memoryUsage().arrayBuffers;
    const top = await expectParseError(parse(bomb, "bomb.zip"), "TOO_LARGE");
    expect(top.message).toMatch(/spaces\.txt claims a compression ratio of \d+:1/);
    // Stored, not deflated again, so the outer directory is harmless and the inner one is judged.
    const wrapper = zipSync({ "bomb.zip": [bomb, { level: 0 }] });
    const nested = await expectParseError(parse(wrapper, "wrapper.zip"), "TOO_LARGE");
    expect(nested.message).toMatch(/spaces\.txt claims a compression ratio/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 * 1024 * 1024);
    // Nested archives share one uncompressed budget with the archive around them.
    const big = buildZip({ "one.zip": buildZip({ "a.txt": "x".repeat(6000) }), "b.txt": "y".repeat(6000) });
    await expectParseError(parse(big, "big.zip", { limits: { maxUncompressedBytes: 10_000 } }), "TOO_LARGE");
  });

  it("ends an archive without files EMPTY", async () => {
    await expectParseError(parse(buildZip({ "folder/": new Uint8Array(0) }), "empty.zip"), "EMPTY");
  });
});
