import { parseSnippet } from "../snippet.ts";

/** A search snippet with its <mark>s, built from text nodes: nothing from the API becomes markup. */
export function Snippet({ html }: { html: string }) {
  return (
    <p class="snippet">
      {parseSnippet(html).map((part, i) => (part.marked ? <mark key={i}>{part.text}</mark> : part.text))}
    </p>
  );
}
