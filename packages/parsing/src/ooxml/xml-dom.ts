import { type AnyNode, type Element, hasChildren, isTag, isText } from "domhandler";
import { parseDocument } from "htmlparser2";

/** Parses an OOXML part. Namespace prefixes are kept in names; localName() strips them. */
export function parseXml(xml: string): AnyNode {
  return parseDocument(xml, { xmlMode: true });
}

export function localName(element: Element): string {
  const colon = element.name.indexOf(":");
  return colon === -1 ? element.name : element.name.slice(colon + 1);
}

/** Elements below node in document order whose local name matches, not descending into matches. */
export function findAll(node: AnyNode, name: string): Element[] {
  const found: Element[] = [];
  const visit = (current: AnyNode) => {
    if (!hasChildren(current)) return;
    for (const child of current.children) {
      if (isTag(child) && localName(child) === name) found.push(child);
      else visit(child);
    }
  };
  visit(node);
  return found;
}

export function findFirst(node: AnyNode, name: string): Element | undefined {
  return findAll(node, name)[0];
}

export function childElements(element: Element): Element[] {
  return element.children.filter(isTag);
}

/** Concatenated text nodes below node. */
export function xmlText(node: AnyNode): string {
  if (isText(node)) return node.data;
  return hasChildren(node) ? node.children.map(xmlText).join("") : "";
}
