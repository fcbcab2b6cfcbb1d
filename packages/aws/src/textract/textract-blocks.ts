import type { Block } from "@aws-sdk/client-textract";
import { type RecognizedLine, type RecognizedPage, weightedConfidence } from "@docworker/core";

/**
 * Textract's blocks to recognised pages: LINE blocks in the order Textract returns them (its
 * reading order), grouped by their Page (1 for single-page calls). With TABLES, each table's rows
 * replace the lines inside it, cells joined with " | ", at the table's place.
 */
export function blocksToPages(blocks: ReadonlyArray<Block>, pageOffset = 0): Map<number, RecognizedPage> {
  const byId = new Map(blocks.filter((block) => block.Id).map((block) => [block.Id as string, block]));
  const tables = blocks.filter((block) => block.BlockType === "TABLE");
  const wordsInTables = new Set(tables.flatMap((table) => descendants(table, byId, "WORD")));
  const lines = new Map<number, RecognizedLine[]>();
  const add = (page: number, line: RecognizedLine) => {
    const list = lines.get(page) ?? [];
    list.push(line);
    lines.set(page, list);
  };
  const placedTables = new Set<string>();
  for (const block of blocks) {
    if (block.BlockType !== "LINE" || !block.Text) continue;
    const page = (block.Page ?? 1) + pageOffset;
    const words = children(block, byId);
    const table = tables.find((candidate) => words.some((word) => descendants(candidate, byId, "WORD").includes(word)));
    if (table && words.every((word) => wordsInTables.has(word))) {
      if (!placedTables.has(table.Id as string)) {
        placedTables.add(table.Id as string);
        for (const row of tableRows(table, byId)) add(page, row);
      }
      continue;
    }
    add(page, { text: block.Text, confidence: (block.Confidence ?? 0) / 100, box: box(block) });
  }
  const pages = new Map<number, RecognizedPage>();
  for (const [page, pageLines] of lines)
    pages.set(page, { page, lines: pageLines, confidence: weightedConfidence(pageLines) });
  return pages;
}

function tableRows(table: Block, byId: Map<string, Block>): RecognizedLine[] {
  const cells = children(table, byId)
    .map((id) => byId.get(id))
    .filter((cell): cell is Block => cell?.BlockType === "CELL");
  const rows = new Map<number, Block[]>();
  for (const cell of cells) rows.set(cell.RowIndex ?? 0, [...(rows.get(cell.RowIndex ?? 0) ?? []), cell]);
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => {
      const ordered = row.sort((a, b) => (a.ColumnIndex ?? 0) - (b.ColumnIndex ?? 0));
      const texts = ordered.map((cell) =>
        children(cell, byId)
          .map((id) => byId.get(id)?.Text ?? "")
          .join(" "),
      );
      const confidence = ordered.reduce((sum, cell) => sum + (cell.Confidence ?? 0), 0) / (ordered.length * 100);
      return { text: texts.join(" | "), confidence, box: box(ordered[0] as Block) };
    });
}

function children(block: Block, byId: Map<string, Block>): string[] {
  return (block.Relationships ?? [])
    .filter((relation) => relation.Type === "CHILD")
    .flatMap((relation) => relation.Ids ?? [])
    .filter((id) => byId.has(id));
}

function descendants(block: Block, byId: Map<string, Block>, type: string): string[] {
  const found: string[] = [];
  const visit = (current: Block, depth: number) => {
    if (depth > 3) return;
    for (const id of children(current, byId)) {
      const child = byId.get(id) as Block;
      if (child.BlockType === type) found.push(id);
      else visit(child, depth + 1);
    }
  };
  visit(block, 0);
  return found;
}

function box(block: Block): RecognizedLine["box"] {
  const bounds = block.Geometry?.BoundingBox ?? {};
  return { left: bounds.Left ?? 0, top: bounds.Top ?? 0, width: bounds.Width ?? 0, height: bounds.Height ?? 0 };
}
