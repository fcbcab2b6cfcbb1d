const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-cased words of a query, without one-letter noise. */
export function queryTerms(query: string): string[] {
  return [...new Set((query.toLowerCase().match(WORD) ?? []).filter((t) => t.length > 1))];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A window of the chunk around the densest cluster of query terms, HTML-escaped, with the terms
 * wrapped in <mark>. Terms match at word starts, so "run" marks "running" as BM25 stemming would.
 */
export function buildSnippet(text: string, query: string, width = 240): string {
  const terms = queryTerms(query);
  const flat = text.replace(/\s+/g, " ").trim();
  if (terms.length === 0) return escapeHtml(flat.slice(0, width));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${terms.map(escapeRegExp).join("|")})[\\p{L}\\p{N}]*`, "giu");
  const positions = [...flat.matchAll(pattern)].map((m) => m.index ?? 0);
  let start = 0;
  if (positions.length > 0) {
    let best = 0;
    for (const position of positions) {
      const inWindow = positions.filter((p) => p >= position && p < position + width).length;
      if (inWindow > best) {
        best = inWindow;
        start = position;
      }
    }
    start = Math.max(0, start - Math.floor(width / 4));
    const space = flat.lastIndexOf(" ", start);
    if (space > 0 && start - space < 20) start = space + 1;
  }
  const end = Math.min(flat.length, start + width);
  const window = flat.slice(start, end);
  let marked = "";
  let last = 0;
  for (const match of window.matchAll(pattern)) {
    const at = match.index ?? 0;
    marked += `${escapeHtml(window.slice(last, at))}<mark>${escapeHtml(match[0])}</mark>`;
    last = at + match[0].length;
  }
  marked += escapeHtml(window.slice(last));
  return `${start > 0 ? "…" : ""}${marked}${end < flat.length ? "…" : ""}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
