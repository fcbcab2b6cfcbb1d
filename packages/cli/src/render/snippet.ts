import { decodeHtmlEntities } from "./html-entities.ts";
import type { Style } from "./style.ts";
import { sanitize } from "./text.ts";

const MARK = /<mark>([\s\S]*?)<\/mark>/g;

/**
 * A search snippet for the terminal: <mark>ed terms bold (plain when colour is off), entities
 * decoded. Marks are split off before decoding so an escaped "&lt;mark&gt;" in a document stays text.
 */
export function renderSnippet(snippet: string, style: Style): string {
  let out = "";
  let last = 0;
  for (const match of snippet.matchAll(MARK)) {
    out += plain(snippet.slice(last, match.index));
    out += style.bold(plain(match[1] ?? ""));
    last = match.index + match[0].length;
  }
  out += plain(snippet.slice(last));
  return out.trim();
}

function plain(html: string): string {
  return sanitize(decodeHtmlEntities(html));
}
