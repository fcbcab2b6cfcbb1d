import { randomBytes } from "node:crypto";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { buildBombDocx, buildDocx, buildZip } from "./helpers/build-zip.ts";
import { expectParseError, fixture, parse } from "./helpers/fixtures.ts";

const MiB = 1024 * 1024;

describe("limits", () => {
  it("refuses bytes over maxBytes as TOO_LARGE before looking at them", async () => {
    const error = await expectParseError(
      parse(fixture("fake-memo.pdf"), "fake-memo.pdf", { limits: { maxBytes: 1000 } }),
      "TOO_LARGE",
    );
    expect(error.message).toContain("13374 bytes");
    // Even bytes no parser could read are refused for their size first.
    await expectParseError(parse(new Uint8Array(2000), "noise.bin", { limits: { maxBytes: 1000 } }), "TOO_LARGE");
  });

  describe("decompression bombs in zip-based formats", () => {
    // A valid DOCX of 1 MB whose word/document.xml really inflates to 1 GiB (ratio ~1000:1).
    const bomb = buildBombDocx(1024);

    it("refuses an entry whose compression ratio is over maxCompressionRatio, without expanding it", async () => {
      const before = process.memoryUsage().arrayBuffers;
      const started = performance.now();
      const error = await expectParseError(parse(bomb, "bomb.docx"), "TOO_LARGE");
      const elapsed = performance.now() - started;
      expect(error.message).toMatch(/word\/document\.xml claims a compression ratio of \d+:1; the limit is 200:1/);
      // Inflating 1 GiB takes seconds and a gigabyte; reading the central directory takes neither.
      expect(elapsed).toBeLessThan(1000);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * MiB);
    });

    it("refuses a package whose entries claim more than maxUncompressedBytes in total", async () => {
      const error = await expectParseError(
        parse(bomb, "bomb.docx", { limits: { maxCompressionRatio: 1_000_000 } }),
        "TOO_LARGE",
      );
      expect(error.message).toMatch(/claim \d+ bytes uncompressed; the limit is 536870912/);
    });

    it("is a real bomb: allowed by the limits, a smaller one of its kind does expand and parse", async () => {
      const small = buildBombDocx(16);
      const document = await parse(small, "small-bomb.docx", {
        limits: { maxCompressionRatio: 1_000_000, maxUncompressedBytes: 64 * MiB },
      });
      expect(document.blocks).toEqual([{ kind: "paragraph", text: "bomb" }]);
    });

    it("counts every entry toward the total, not just the largest", async () => {
      // Three incompressible 400 KiB pictures: none is over 1 MiB, together they are.
      const pictures = Object.fromEntries(
        [1, 2, 3].map((index) => [`word/media/image${index}.png`, new Uint8Array(randomBytes(400 * 1024))]),
      );
      const docx = buildZip({ ...unzipSync(buildDocx([{ text: "Pictures" }])), ...pictures });
      await expectParseError(parse(docx, "pictures.docx", { limits: { maxUncompressedBytes: MiB } }), "TOO_LARGE");
      const allowed = await parse(docx, "pictures.docx", { limits: { maxUncompressedBytes: 2 * MiB } });
      expect(allowed.blocks).toEqual([{ kind: "paragraph", text: "Pictures" }]);
    });
  });
});
