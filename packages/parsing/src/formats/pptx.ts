import type { TextBlock } from "@docworker/core";
import type { Unzipped } from "fflate";
import type { FormatParser } from "../format-parser.ts";
import { CORE_PROPERTIES_PART, readCoreProperties } from "../ooxml/core-properties.ts";
import { readRelationships } from "../ooxml/relationships.ts";
import { findAll, findFirst, parseXml } from "../ooxml/xml-dom.ts";
import { corruptOnFailure, parseError } from "../parse-error.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";
import { entryText, extractZipEntries } from "../zip/zip-archive.ts";
import { paragraphText, slideBlocks } from "./pptx-slide.ts";

const PRESENTATION_PART = "ppt/presentation.xml";

/** Only the parts that hold text are decompressed; media, themes and layouts are skipped. */
function isTextPart(name: string): boolean {
  return (
    name === PRESENTATION_PART ||
    name === CORE_PROPERTIES_PART ||
    /^ppt\/(_rels|slides|slides\/_rels|notesSlides)\/[^/]+\.(xml|rels)$/.test(name)
  );
}

/** PPTX: one page per slide, in presentation order; the slide title is a heading, notes follow the slide. */
export const parsePptx: FormatParser = async ({ bytes, limits, budget }) => {
  const entries = extractZipEntries(bytes, limits, isTextPart);
  const slideParts = slideOrder(entries);
  if (slideParts.length > limits.maxPages) {
    throw parseError("TOO_LARGE", `presentation has ${slideParts.length} slides; the limit is ${limits.maxPages}`);
  }
  const blocks: TextBlock[] = [];
  for (const [index, part] of slideParts.entries()) {
    const xml = entryText(entries, part);
    if (xml === undefined) throw parseError("CORRUPT", `slide ${part} is missing from the package`);
    const slide = await corruptOnFailure(`slide ${part} is unreadable`, () => slideBlocks(xml, index + 1));
    slide.push(...notesBlocks(entries, part, index + 1));
    budget.spendBlocks(slide);
    blocks.push(...slide);
  }
  return {
    blocks,
    pageCount: slideParts.length,
    properties: readCoreProperties(entryText(entries, CORE_PROPERTIES_PART)),
  };
};

/** Slide part names in the order of presentation.xml's slide list, else by their numbers. */
function slideOrder(entries: Unzipped): string[] {
  const presentation = entryText(entries, PRESENTATION_PART);
  if (presentation) {
    const relationships = readRelationships(entries, PRESENTATION_PART);
    const ordered = findAll(parseXml(presentation), "sldId")
      .map((slide) => relationships.get(slide.attribs["r:id"] ?? ""))
      .filter((part): part is string => part !== undefined && entries[part] !== undefined);
    if (ordered.length > 0) return ordered;
  }
  const number = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);
  return Object.keys(entries)
    .filter((name) => /^ppt\/slides\/[^/]+\.xml$/.test(name))
    .sort((a, b) => number(a) - number(b));
}

/** Speaker notes: the body placeholder of the slide's notes page, kept on the slide's page. */
function notesBlocks(entries: Unzipped, slidePart: string, page: number): TextBlock[] {
  for (const target of readRelationships(entries, slidePart, "notesSlide").values()) {
    const xml = entryText(entries, target);
    if (!xml) continue;
    const bodies = findAll(parseXml(xml), "sp").filter((shape) => findFirst(shape, "ph")?.attribs.type === "body");
    const text = bodies
      .flatMap((shape) => findAll(shape, "p").map((paragraph) => normaliseInline(paragraphText(paragraph))))
      .filter(Boolean)
      .join("\n");
    if (text) return [{ kind: "paragraph", text: `Notes: ${text}`, page }];
  }
  return [];
}
