import type { TextBlock } from "@docworker/core";
import { type AnyNode, type Element, hasChildren, isTag, isText } from "domhandler";
import { normaliseCode, normaliseInline } from "../text/normalise-whitespace.ts";
import { BLOCK_ELEMENTS, descendants, HEADING, isHidden, rawTextOf, SKIPPED, textOf } from "./dom-text.ts";
import { listLines } from "./html-lists.ts";
import { isLayoutTable, tableToBlocks } from "./html-tables.ts";
import { type HtmlBudget, parseHtmlDom } from "./parse-html-dom.ts";

export interface HtmlConversion {
  blocks: TextBlock[];
  /** From <title> and <meta name="author|description|keywords">. */
  properties: Record<string, string>;
}

const META_PROPERTIES: Record<string, string> = { author: "author", description: "description", keywords: "keywords" };

/** HTML (a web page, mammoth's rendering of a DOCX, an e-mail body) to ordered text blocks. */
export function htmlToBlocks(html: string, budget: HtmlBudget): HtmlConversion {
  const document = parseHtmlDom(html, budget);
  const blocks: TextBlock[] = [];
  const properties: Record<string, string> = {};
  // Inline text waiting for the end of its paragraph; "\n" entries are <br>s.
  let inline: string[] = [];

  const flush = () => {
    const text = inline
      .join("")
      .split("\n")
      .map(normaliseInline)
      .filter((line) => line !== "")
      .join("\n");
    inline = [];
    if (text) blocks.push({ kind: "paragraph", text });
  };

  const readMetadata = (element: Element) => {
    if (element.name === "title" && !properties.title) {
      const title = normaliseInline(textOf(element));
      if (title) properties.title = title;
    }
    const key = element.name === "meta" ? META_PROPERTIES[(element.attribs.name ?? "").toLowerCase()] : undefined;
    const content = normaliseInline(element.attribs.content ?? "");
    if (key && content) properties[key] = content;
  };

  const walk = (node: AnyNode): void => {
    if (isText(node)) {
      inline.push(node.data.replace(/\s+/g, " "));
      return;
    }
    if (!isTag(node)) {
      if (hasChildren(node)) for (const child of node.children) walk(child);
      return;
    }
    const name = node.name;
    if (SKIPPED.has(name) || isHidden(node)) return;
    if (name === "head") {
      for (const child of descendants(node)) if (isTag(child)) readMetadata(child);
      return;
    }
    if (name === "title" || name === "meta") {
      readMetadata(node);
      return;
    }
    if (name === "br") {
      inline.push("\n");
      return;
    }
    const heading = HEADING.exec(name);
    if (heading) {
      flush();
      const text = normaliseInline(textOf(node));
      if (text) blocks.push({ kind: "heading", text, level: Number(heading[1]) });
      return;
    }
    if (name === "ul" || name === "ol") {
      flush();
      const text = listLines(node, 0).join("\n");
      if (text) blocks.push({ kind: "list", text });
      return;
    }
    if (name === "pre") {
      flush();
      const text = normaliseCode(rawTextOf(node));
      if (text) blocks.push({ kind: "code", text });
      return;
    }
    if (name === "table") {
      flush();
      if (isLayoutTable(node)) {
        for (const child of node.children) walk(child);
        flush();
      } else {
        blocks.push(...tableToBlocks(node));
      }
      return;
    }
    if (name === "hr") {
      flush();
      return;
    }
    const isBlock = BLOCK_ELEMENTS.has(name);
    if (isBlock) flush();
    for (const child of node.children) walk(child);
    if (isBlock) flush();
  };

  walk(document);
  flush();
  return { blocks, properties };
}
