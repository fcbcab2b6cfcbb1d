/**
 * Parses every file in a directory and prints one line each: format, pages, blocks, characters and
 * milliseconds, or the error code. Usage: node packages/parsing/scripts/parse-all.ts DIR [--blocks]
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadCoreConfig } from "@docworker/core";
import { createDocumentParser } from "../src/index.ts";

// The defaults of packages/core's configuration.
const limits = loadCoreConfig({}).limits;

const [directory, option] = process.argv.slice(2);
if (!directory) {
  console.error("usage: parse-all.ts DIR [--blocks]");
  process.exit(2);
}

const parser = createDocumentParser();
const rows: string[][] = [["file", "format", "pages", "blocks", "chars", "ms", "result"]];
for (const name of (await readdir(directory)).sort()) {
  const bytes = new Uint8Array(await readFile(join(directory, name)));
  const started = performance.now();
  try {
    const document = await parser.parse({ bytes, filename: name, limits });
    const ms = Math.round(performance.now() - started);
    const chars = document.blocks.reduce((sum, block) => sum + block.text.length, 0);
    rows.push([
      name,
      document.format,
      String(document.pageCount ?? "-"),
      String(document.blocks.length),
      String(chars),
      String(ms),
      "ok",
    ]);
    if (option === "--blocks") {
      for (const block of document.blocks.slice(0, 12)) {
        const level = block.level ? ` h${block.level}` : "";
        const page = block.page ? ` p${block.page}` : "";
        console.log(`    [${block.kind}${level}${page}] ${block.text.slice(0, 110).replace(/\n/g, "⏎")}`);
      }
      if (document.properties) console.log("    properties:", JSON.stringify(document.properties));
    }
  } catch (error) {
    const ms = Math.round(performance.now() - started);
    const code = (error as { code?: string }).code ?? "THROWN";
    rows.push([name, "-", "-", "-", "-", String(ms), `${code}: ${(error as Error).message.slice(0, 80)}`]);
  }
}

const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
for (const row of rows)
  console.log(
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
