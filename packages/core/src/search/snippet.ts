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
  return snippetBuilder(query, width)(text);
}

/** The query's terms and pattern are prepared once, then applied to every hit of a search. */
export function snippetBuilder(query: string, width = 240): (text: string) => string {
  const terms = queryTerms(query);
  const pattern =
    terms.length === 0
      ? undefined
      : new RegExp(`(?<![\\p{L}\\p{N}])(${terms.map(escapeRegExp).join("|")})[\\p{L}\\p{N}]*`, "giu");
  return (text) => markedWindow(text.replace(/\s+/g, " ").trim(), pattern, width);
}

function markedWindow(flat: string, pattern: RegExp | undefined, width: number): string {
  if (!pattern) return escapeHtml(flat.slice(0, width));
  const positions = [...flat.matchAll(pattern)].map((m) => m.index ?? 0);
  let start = 0;
  if (positions.length > 0) {
    // Matches come in order: slide a window over them to find where most fit in `width`.
    let best = 0;
    let end = 0;
    for (let first = 0; first < positions.length; first++) {
      const from = positions[first] as number;
      while (end < positions.length && (positions[end] as number) < from + width) end++;
      if (end - first > best) {
        best = end - first;
        start = from;
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
