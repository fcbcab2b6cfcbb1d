import type { TextBlock } from "@docworker/core";
import type { Element } from "domhandler";
import { rowsToTableBlocks } from "../blocks/table-blocks.ts";
import { childElements, findAll, findFirst, localName, parseXml, xmlText } from "../ooxml/xml-dom.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";

// The text of one slide (or notes page) part: DrawingML shapes, text bodies and tables.

const TITLE_PLACEHOLDERS = new Set(["title", "ctrTitle"]);
// Placeholders whose paragraphs are bullets unless a paragraph says otherwise.
const BULLETED_PLACEHOLDERS = new Set(["body", "obj"]);

export function slideBlocks(xml: string, page: number): TextBlock[] {
  const tree = findFirst(parseXml(xml), "spTree");
  if (!tree) return [];
  const titles: TextBlock[] = [];
  const others: TextBlock[] = [];
  for (const shape of shapesInOrder(tree)) {
    if (localName(shape) === "graphicFrame") {
      others.push(...tableBlocks(shape, page));
      continue;
    }
    const placeholder = findFirst(shape, "ph")?.attribs.type;
    const body = findFirst(shape, "txBody");
    if (!body) continue;
    if (placeholder && TITLE_PLACEHOLDERS.has(placeholder)) {
      const text = normaliseInline(findAll(body, "p").map(paragraphText).join(" "));
      // A slide's first title is its heading; the title comes first even when other shapes precede it in the XML.
      if (text) titles.push({ kind: "heading", text, level: titles.length === 0 ? 1 : 2, page });
      continue;
    }
    const isPlaceholder = findFirst(shape, "ph") !== undefined;
    const bulleted = isPlaceholder && BULLETED_PLACEHOLDERS.has(placeholder ?? "obj");
    others.push(...textBodyBlocks(body, bulleted, page));
  }
  return [...titles, ...others];
}

/** Shapes and graphic frames in document order, looking inside groups. */
function shapesInOrder(container: Element): Element[] {
  const shapes: Element[] = [];
  for (const child of childElements(container)) {
    const name = localName(child);
    if (name === "sp" || name === "graphicFrame") shapes.push(child);
    else if (name === "grpSp") shapes.push(...shapesInOrder(child));
  }
  return shapes;
}

/** A text body's paragraphs; runs of bullet paragraphs become list blocks, the rest paragraphs. */
function textBodyBlocks(body: Element, bulletedByDefault: boolean, page: number): TextBlock[] {
  const blocks: TextBlock[] = [];
  let run: { kind: "list" | "paragraph"; lines: string[] } | undefined;
  const close = () => {
    if (run && run.lines.length > 0) blocks.push({ kind: run.kind, text: run.lines.join("\n"), page });
    run = undefined;
  };
  for (const paragraph of findAll(body, "p")) {
    const text = normaliseInline(paragraphText(paragraph));
    if (!text) continue;
    const properties = findFirst(paragraph, "pPr");
    const level = Number(properties?.attribs.lvl ?? 0);
    const bulletNone = properties !== undefined && findFirst(properties, "buNone") !== undefined;
    const bulletExplicit =
      properties !== undefined &&
      (findFirst(properties, "buChar") !== undefined || findFirst(properties, "buAutoNum") !== undefined);
    const isBullet = !bulletNone && (bulletExplicit || bulletedByDefault);
    const kind = isBullet ? "list" : "paragraph";
    if (run?.kind !== kind) {
      close();
      run = { kind, lines: [] };
    }
    run.lines.push(isBullet ? `${"  ".repeat(level)}- ${text}` : text);
  }
  close();
  return blocks;
}

/** Text runs, fields and line breaks of one DrawingML paragraph. */
export function paragraphText(paragraph: Element): string {
  return childElements(paragraph)
    .map((child) => {
      const name = localName(child);
      if (name === "br") return "\n";
      if (name === "r" || name === "fld") return xmlText(findFirst(child, "t") ?? child);
      return "";
    })
    .join("");
}

function tableBlocks(frame: Element, page: number): TextBlock[] {
  const table = findFirst(frame, "tbl");
  if (!table) return [];
  const rows = findAll(table, "tr").map((row) =>
    findAll(row, "tc").map((cell) => findAll(cell, "p").map(paragraphText).join(" ")),
  );
  return rowsToTableBlocks(rows, page);
}
