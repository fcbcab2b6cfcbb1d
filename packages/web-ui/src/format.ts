export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return "—";
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function formatUsd(value: number | undefined): string {
  if (value === undefined) return "not priced (set PRICE_*_PER_1K_TOKENS)";
  return `$${value < 0.01 ? value.toFixed(6) : value.toFixed(4)}`;
}

/** "application/vnd.openxmlformats-officedocument.wordprocessingml.document" → "DOCX". */
export function shortType(contentType: string | undefined): string {
  if (!contentType) return "—";
  const known: Record<string, string> = {
    "application/pdf": "PDF",
    "text/plain": "Text",
    "text/markdown": "Markdown",
    "text/html": "HTML",
    "text/csv": "CSV",
    "application/json": "JSON",
    "message/rfc822": "E-mail",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
  };
  return known[contentType.split(";")[0]?.trim() ?? ""] ?? contentType;
}

export function pageLabel(start: number | undefined, end: number | undefined): string {
  if (start === undefined) return "";
  return end !== undefined && end !== start ? `pages ${start}–${end}` : `page ${start}`;
}
