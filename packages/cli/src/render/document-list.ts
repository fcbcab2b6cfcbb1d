import type { ApiDocument } from "../api-types.ts";
import { paintStatus, type Style } from "./style.ts";
import { formatTable } from "./table.ts";
import { sanitize, truncate } from "./text.ts";

/** `docworker list`: one document a row. */
export function formatDocumentList(items: ApiDocument[], style: Style): string {
  if (items.length === 0) return "no documents";
  return formatTable(
    [
      { header: "documentId" },
      { header: "status" },
      { header: "error" },
      { header: "pages", align: "right" },
      { header: "chunks", align: "right" },
      { header: "updated" },
      { header: "filename" },
    ],
    items.map((doc) => [
      doc.documentId,
      paintStatus(style, doc.status),
      doc.error?.code ?? "",
      doc.pages?.toString() ?? "",
      doc.chunkCount?.toString() ?? "",
      doc.updatedAt ?? "",
      truncate(sanitize(doc.filename), 60),
    ]),
    style,
  );
}
