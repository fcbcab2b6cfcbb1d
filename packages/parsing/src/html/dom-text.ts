import { type AnyNode, type Element, hasChildren, isTag, isText } from "domhandler";

// What counts as text in an HTML DOM, shared by the block walker and the list and table readers.

// Elements whose content is never document text.
export const SKIPPED = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "math",
  "iframe",
  "object",
  "embed",
  "canvas",
  "select",
  "datalist",
  // Inline XBRL keeps its machine-readable facts here, hidden from readers.
  "ix:header",
]);
// Elements that start and end a paragraph of their own.
export const BLOCK_ELEMENTS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "caption",
  "center",
  "dd",
  "details",
  "dialog",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "header",
  "hgroup",
  "html",
  "legend",
  "li",
  "main",
  "nav",
  "p",
  "section",
  "summary",
  "td",
  "th",
  "tr",
]);
export const HEADING = /^h([1-6])$/;

/** Content a reader never sees: the hidden attribute or an inline display:none. */
export function isHidden(element: Element): boolean {
  if (element.attribs.hidden !== undefined) return true;
  const style = element.attribs.style;
  return style !== undefined && /display\s*:\s*none/i.test(style);
}

/** Every node below this one, depth first, in document order. */
export function* descendants(node: AnyNode): Generator<AnyNode> {
  if (!hasChildren(node)) return;
  for (const child of node.children) {
    yield child;
    yield* descendants(child);
  }
}

/** The visible text inside an element; block boundaries become spaces, <br> becomes a line break. */
export function textOf(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (isTag(node)) {
    if (SKIPPED.has(node.name) || isHidden(node)) return "";
    if (node.name === "br") return "\n";
  }
  if (!hasChildren(node)) return "";
  const parts = node.children.map(textOf);
  const separator = isTag(node) && node.name === "tr" ? " " : "";
  const text = parts.join(separator);
  return isTag(node) && BLOCK_ELEMENTS.has(node.name) ? ` ${text} ` : text;
}

/** Text as written, for <pre>: whitespace is meaningful there. */
export function rawTextOf(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (isTag(node) && node.name === "br") return "\n";
  return hasChildren(node) ? node.children.map(rawTextOf).join("") : "";
}
