import type { SearchResponseBody } from "../api-types.ts";
import { renderSnippet } from "./snippet.ts";
import type { Style } from "./style.ts";
import { sanitize } from "./text.ts";

/**
 * `docworker search`: a heading line per hit (rank, score, filename, page) and the snippet
 * indented below it, then how long the search took.
 */
export function formatSearchResults(response: SearchResponseBody, style: Style): string {
  const footer = style.dim(
    `${response.results.length} result${response.results.length === 1 ? "" : "s"} in ${response.tookMs} ms${
      response.mode ? ` (${response.mode})` : ""
    }`,
  );
  if (response.results.length === 0) return `no results\n${footer}`;
  const rankWidth = String(response.results.length).length;
  const blocks = response.results.map((hit, i) => {
    const rank = String(i + 1).padStart(rankWidth);
    const page = hit.page === undefined ? "" : `  ${style.dim(pageLabel(hit.page, hit.pageEnd))}`;
    const heading = `${style.bold(rank)}  ${formatScore(hit.score)}  ${sanitize(hit.filename)}${page}`;
    const indent = " ".repeat(rankWidth + 2);
    return `${heading}\n${indent}${renderSnippet(hit.snippet, style)}`;
  });
  return `${blocks.join("\n\n")}\n\n${footer}`;
}

function pageLabel(page: number, pageEnd: number | undefined): string {
  return pageEnd !== undefined && pageEnd !== page ? `pp. ${page}-${pageEnd}` : `p. ${page}`;
}

/** BM25 scores run to the tens, fused (RRF) ones are a few hundredths: 4 significant digits. */
function formatScore(score: number): string {
  if (!Number.isFinite(score)) return String(score);
  return score === 0 || Math.abs(score) >= 0.001 ? score.toPrecision(4) : score.toExponential(2);
}
