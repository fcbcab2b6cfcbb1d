import mammoth from "mammoth";
import type { FormatParser } from "../format-parser.ts";
import { htmlToBlocks } from "../html/html-to-blocks.ts";
import { CORE_PROPERTIES_PART, readCoreProperties } from "../ooxml/core-properties.ts";
import { corruptOnFailure } from "../parse-error.ts";
import { entryText, extractZipEntries, restoreAsStoredZip } from "../zip/zip-archive.ts";

// Images are never read (see convertImage below), so they need not be decompressed either.
const isMedia = (name: string) => name.startsWith("word/media/");
// An empty src keeps mammoth from base64-encoding every picture into the HTML we then throw away.
const skipImages = mammoth.images.imgElement(async () => ({ src: "" }));

/** DOCX through mammoth's HTML: Word's heading styles arrive as h1-h6 and become heading blocks. */
export const parseDocx: FormatParser = async ({ bytes, limits, budget }) => {
  const entries = extractZipEntries(bytes, limits, (name) => !isMedia(name));
  const properties = readCoreProperties(entryText(entries, CORE_PROPERTIES_PART));
  const stored = Buffer.from(restoreAsStoredZip(entries));
  const { value: html } = await corruptOnFailure("DOCX could not be read", () =>
    mammoth.convertToHtml({ buffer: stored }, { convertImage: skipImages }),
  );
  return { blocks: htmlToBlocks(html, { maxDepth: limits.maxHtmlDepth, text: budget }).blocks, properties };
};
