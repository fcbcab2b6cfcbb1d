import type { TextBlock } from "@docworker/core";
import { type AnyNode, type Element, hasChildren, isCDATA, isTag, isText } from "domhandler";
import { parseFeed } from "htmlparser2";
import type { FormatParser } from "../format-parser.ts";
import { htmlToBlocks } from "../html/html-to-blocks.ts";
import { localName, parseXml as parseXmlDom } from "../ooxml/xml-dom.ts";
import { decodeText } from "../text/decode-text.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";

// A paragraph per element that holds text of its own; elements holding this many characters in
// all are not merged further, so a record-per-element file stays one paragraph per record.
const MAX_MERGED_CHARS = 600;

/**
 * XML: an RSS or Atom feed becomes the feed's title and one section per item (title as heading,
 * date and link, the description's text); any other XML its text content, one paragraph per
 * element that holds text. htmlparser2 expands no DTD entities, so entity bombs stay inert.
 */
export const parseXml: FormatParser = async ({ bytes, limits, budget }) => {
  const text = decodeText(bytes, declaredXmlEncoding(bytes)).text;
  budget.spend(text.length);
  const feed = /<(rss|feed|rdf:RDF)[\s>]/.test(text.slice(0, 4096)) ? parseFeed(text, { xmlMode: true }) : null;
  if (feed && (feed.items.length > 0 || feed.title)) return feedBlocks(feed, limits.maxHtmlDepth);
  // The internal DTD subset is dropped unread: its entity declarations are never expanded anyway.
  const withoutDoctype = text.replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/i, "");
  return { blocks: elementBlocks(parseXmlDom(withoutDoctype)) };
};

function feedBlocks(feed: NonNullable<ReturnType<typeof parseFeed>>, maxDepth: number) {
  const blocks: TextBlock[] = [];
  const properties: Record<string, string> = {};
  const title = normaliseInline(feed.title ?? "");
  if (title) {
    blocks.push({ kind: "heading", text: title, level: 1 });
    properties.title = title;
  }
  const description = normaliseInline(feed.description ?? "");
  if (description) blocks.push({ kind: "paragraph", text: description });
  for (const item of feed.items) {
    blocks.push({ kind: "heading", text: normaliseInline(item.title ?? "") || "(untitled item)", level: 2 });
    const about = [
      item.pubDate ? `Published: ${item.pubDate.toISOString()}` : "",
      item.link ? `Link: ${item.link}` : "",
    ]
      .filter(Boolean)
      .join("\n");
    if (about) blocks.push({ kind: "paragraph", text: about });
    // Feed descriptions are HTML more often than not.
    if (item.description) blocks.push(...htmlToBlocks(item.description, { maxDepth }).blocks);
  }
  return { blocks, properties };
}

function elementBlocks(root: AnyNode): TextBlock[] {
  const blocks: TextBlock[] = [];
  const visit = (node: AnyNode) => {
    if (!hasChildren(node)) return;
    const own = isTag(node) && node.children.some((child) => (isText(child) || isCDATA(child)) && textOf(child).trim());
    if (own) {
      // Prose or mixed content: the element's whole text, inline markup and all, in order.
      const text = normaliseInline(textOf(node));
      if (text) blocks.push({ kind: "paragraph", text });
      return;
    }
    const elements = node.children.filter(isTag);
    const merged = elements.every((child) => !child.children.some(isTag)) ? mergedLeaves(elements) : undefined;
    if (merged) blocks.push({ kind: "paragraph", text: merged });
    else for (const child of elements) visit(child);
  };
  visit(root);
  return blocks;
}

/** Sibling leaf elements (the fields of one record) read as one paragraph of "name: value" lines. */
function mergedLeaves(elements: ReadonlyArray<Element>): string | undefined {
  const lines = elements
    .map((element) => {
      const text = normaliseInline(textOf(element));
      return text ? `${localName(element)}: ${text}` : "";
    })
    .filter(Boolean);
  const joined = lines.join("\n");
  return lines.length > 1 && joined.length <= MAX_MERGED_CHARS ? joined : undefined;
}

/** Text and CDATA below node, in document order. */
function textOf(node: AnyNode): string {
  if (isText(node)) return node.data;
  return hasChildren(node) ? node.children.map(textOf).join(" ") : "";
}

function declaredXmlEncoding(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  return /^\s*<\?xml[^>]*encoding=["']([\w.:-]+)["']/i.exec(head)?.[1];
}
