import { countResults, type IngestResult } from "../ingest/ingest-result.ts";
import { paintStatus, type Style } from "./style.ts";
import { formatTable } from "./table.ts";
import { formatCount, sanitize, truncate } from "./text.ts";

/** The table printed after an ingest: one row per file, then counts by status and by error code. */
export function formatIngestSummary(results: IngestResult[], style: Style): string {
  const table = formatTable(
    [
      { header: "file" },
      { header: "documentId" },
      { header: "status" },
      { header: "error" },
      { header: "chunks", align: "right" },
      { header: "pages", align: "right" },
    ],
    results.map((result) => [
      truncate(sanitize(result.file), 60),
      result.documentId ?? "-",
      paintStatus(style, result.status),
      result.error?.code ?? "",
      result.chunkCount?.toString() ?? "",
      result.pages?.toString() ?? "",
    ]),
    style,
  );
  const counts = countResults(results);
  const lines = [table, "", `${style.bold("by status")}      ${formatCount(counts.byStatus)}`];
  if (counts.byErrorCode.size > 0) lines.push(`${style.bold("by error code")}  ${formatCount(counts.byErrorCode)}`);
  return lines.join("\n");
}
