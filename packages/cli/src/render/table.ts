import { visibleWidth } from "./text.ts";

export interface Column {
  header: string;
  align?: "left" | "right";
}

/** A plain aligned table: a header row, then one row per item, columns two spaces apart. */
export function formatTable(columns: Column[], rows: string[][], style?: { bold(text: string): string }): string {
  const widths = columns.map((column, i) =>
    Math.max(visibleWidth(column.header), ...rows.map((row) => visibleWidth(row[i] ?? ""))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const pad = " ".repeat(Math.max(0, (widths[i] ?? 0) - visibleWidth(cell)));
        if (columns[i]?.align === "right") return pad + cell;
        return i === cells.length - 1 ? cell : cell + pad;
      })
      .join("  ")
      .trimEnd();
  const header = line(columns.map((c) => c.header));
  return [style ? style.bold(header) : header, ...rows.map(line)].join("\n");
}
