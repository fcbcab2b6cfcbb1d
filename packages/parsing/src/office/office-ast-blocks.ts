import type { TextBlock } from "@docworker/core";
import type { OfficeContentNode } from "officeparser";
import { rowsToTableBlocks } from "../blocks/table-blocks.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";

/**
 * officeparser's AST (ODF, RTF, EPUB) to text blocks: headings keep their level, runs of list
 * items become one list block, tables and sheets become table blocks; a sheet or a slide is a page.
 */
export function officeAstToBlocks(nodes: ReadonlyArray<OfficeContentNode>): { blocks: TextBlock[]; pages: number } {
  const blocks: TextBlock[] = [];
  let pages = 0;
  let list: string[] = [];
  let listPage: number | undefined;

  const push = (block: TextBlock, page: number | undefined) => {
    blocks.push(page === undefined ? block : { ...block, page });
  };
  const closeList = () => {
    if (list.length > 0) push({ kind: "list", text: list.join("\n") }, listPage);
    list = [];
  };

  const visit = (node: OfficeContentNode, page: number | undefined) => {
    const metadata = (node.metadata ?? {}) as Record<string, unknown>;
    if (node.type !== "list") closeList();
    switch (node.type) {
      case "sheet":
      case "slide": {
        pages += 1;
        const title = typeof metadata.sheetName === "string" ? normaliseInline(metadata.sheetName) : "";
        if (node.type === "sheet") {
          if (title) push({ kind: "heading", text: title, level: 1 }, pages);
          blocks.push(...tableBlocksOf(node, pages));
          return;
        }
        for (const child of node.children ?? []) visit(child, pages);
        closeList();
        return;
      }
      case "heading": {
        const text = normaliseInline(nodeText(node));
        const level = typeof metadata.level === "number" ? Math.min(Math.max(metadata.level, 1), 6) : 1;
        if (text) push({ kind: "heading", text, level }, page);
        return;
      }
      case "list": {
        const text = normaliseInline(nodeText(node));
        const depth = typeof metadata.indentation === "number" ? metadata.indentation : 0;
        if (text) {
          listPage = page;
          list.push(`${"  ".repeat(depth)}- ${text}`);
        }
        return;
      }
      case "table":
        for (const block of tableBlocksOf(node, undefined)) push(block, page);
        return;
      default: {
        const text = nodeText(node).split("\n").map(normaliseInline).filter(Boolean).join("\n");
        if (text) push({ kind: "paragraph", text }, page);
        else for (const child of node.children ?? []) if (child.type !== "text") visit(child, page);
      }
    }
  };
  function tableBlocksOf(table: OfficeContentNode, page: number | undefined): TextBlock[] {
    const rows = (table.children ?? [])
      .filter((row) => row.type === "row")
      .map((row) => (row.children ?? []).map((cell) => nodeText(cell)));
    return rowsToTableBlocks(rows, page);
  }

  for (const node of nodes) visit(node, undefined);
  closeList();
  return { blocks, pages };
}

/** A node's text; EPUB nodes leave it to their children (inline runs join, blocks take a space). */
function nodeText(node: OfficeContentNode): string {
  if (node.text) return node.text;
  const children = node.children ?? [];
  return children.map(nodeText).join(children.every((child) => child.type === "text") ? "" : " ");
}
