import type { Element } from "domhandler";
import { isTag } from "domhandler";
import { normaliseInline } from "../text/normalise-whitespace.ts";
import { textOf } from "./dom-text.ts";

/** "- item" lines (or "1. item" for <ol>), nested lists indented by two spaces per level. */
export function listLines(list: Element, depth: number): string[] {
  const lines: string[] = [];
  const ordered = list.name === "ol";
  let number = Number(list.attribs.start ?? 1) || 1;
  for (const item of list.children) {
    if (!isTag(item)) continue;
    if (item.name === "ul" || item.name === "ol") {
      lines.push(...listLines(item, depth + 1));
      continue;
    }
    const nested = item.children.filter((child): child is Element => isTag(child) && /^(ul|ol)$/.test(child.name));
    const own = item.children.filter((child) => !nested.includes(child as Element));
    const text = normaliseInline(own.map(textOf).join(" "));
    if (text) {
      const marker = ordered ? `${number}.` : "-";
      lines.push(`${"  ".repeat(depth)}${marker} ${text}`);
      number += 1;
    }
    for (const sublist of nested) lines.push(...listLines(sublist, depth + 1));
  }
  return lines;
}
