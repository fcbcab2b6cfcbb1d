import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiClient } from "../api/client.ts";
import type { SearchFilters, SearchMode, SearchResponse } from "../api/types.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { Snippet } from "../components/snippet.tsx";
import { pageLabel, shortType } from "../format.ts";
import { href, navigate } from "../router.ts";

const MODES: { value: SearchMode; label: string; help: string }[] = [
  { value: "hybrid", label: "Hybrid", help: "both, fused by rank" },
  { value: "keyword", label: "Keyword", help: "BM25 on the words" },
  { value: "vector", label: "Vector", help: "embeddings, by meaning" },
];
const TYPES = [
  ["application/pdf", "PDF"],
  ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"],
  ["application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX"],
  ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"],
  ["text/html", "HTML"],
  ["text/markdown", "Markdown"],
  ["text/plain", "Text"],
  ["text/csv", "CSV"],
  ["application/json", "JSON"],
] as const;

/** The search's state lives in the URL (#/search?q=…&mode=…), so a result list can be linked. */
export function SearchPage({ api, query }: { api: ApiClient; query: URLSearchParams }) {
  const q = query.get("q") ?? "";
  const mode = (MODES.some((m) => m.value === query.get("mode")) ? query.get("mode") : "hybrid") as SearchMode;
  const types = query.getAll("type");
  const prefix = query.get("prefix") ?? "";
  const after = query.get("after") ?? "";
  const before = query.get("before") ?? "";
  const meta = query.get("meta") ?? "";
  const [response, setResponse] = useState<SearchResponse>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState(q);

  // The box follows the address only when the query in it changes (back, a link): not on mount,
  // when the effect would run after paint and could wipe out what was typed meanwhile.
  const shownQuery = useRef(q);
  useEffect(() => {
    if (shownQuery.current === q) return;
    shownQuery.current = q;
    setText(q);
  }, [q]);

  useEffect(() => {
    if (!q.trim()) {
      setResponse(undefined);
      return;
    }
    let cancelled = false;
    setBusy(true);
    const filters: SearchFilters = {};
    if (types.length) filters.contentType = types;
    if (prefix) filters.filenamePrefix = prefix;
    if (after) filters.createdAfter = new Date(`${after}T00:00:00`).toISOString();
    if (before) filters.createdBefore = new Date(`${before}T23:59:59`).toISOString();
    const pairs = parseMetadata(meta);
    if (Object.keys(pairs).length) filters.metadata = pairs;
    api
      .search({ query: q, mode, k: 20, filters })
      .then(
        (r) => {
          if (cancelled) return;
          setResponse(r);
          setError(undefined);
        },
        (e: unknown) => {
          if (cancelled) return;
          setError(e);
          setResponse(undefined);
        },
      )
      .finally(() => !cancelled && setBusy(false));
    return () => {
      cancelled = true;
    };
  }, [api, q, mode, types.join("\n"), prefix, after, before, meta]);

  const submit = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const [key, value] of data.entries())
      if (typeof value === "string" && value.trim()) params.append(key, value.trim());
    location.hash = `#/search?${params}`;
  };

  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">Search</h1>
      <form
        class="search-form"
        aria-label="Search"
        onSubmit={(e) => {
          e.preventDefault();
          submit(e.currentTarget);
        }}
      >
        <div class="search-row">
          <label for="search-query" class="visually-hidden">
            Search your documents
          </label>
          <input
            id="search-query"
            type="search"
            name="q"
            placeholder="What was decided about the office move?"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            autofocus
          />
          <button type="submit">Search</button>
        </div>
        <fieldset class="modes">
          <legend>Mode</legend>
          {MODES.map((m) => (
            <label key={m.value}>
              <input
                type="radio"
                name="mode"
                value={m.value}
                checked={m.value === mode}
                onChange={(e) => e.currentTarget.form && submit(e.currentTarget.form)}
              />
              {m.label} <span class="muted">({m.help})</span>
            </label>
          ))}
        </fieldset>
        <details class="more-filters" open={types.length > 0 || !!prefix || !!after || !!before || !!meta}>
          <summary>Filters</summary>
          <fieldset>
            <legend>Type</legend>
            <div class="type-options">
              {TYPES.map(([value, label]) => (
                <label key={value}>
                  <input type="checkbox" name="type" value={value} checked={types.includes(value)} /> {label}
                </label>
              ))}
            </div>
          </fieldset>
          <div class="filter-grid">
            <label>
              File name starts with
              <input type="text" name="prefix" value={prefix} />
            </label>
            <label>
              Uploaded from
              <input type="date" name="after" value={after} />
            </label>
            <label>
              Uploaded until
              <input type="date" name="before" value={before} />
            </label>
            <label>
              Metadata (key=value, comma separated)
              <input type="text" name="meta" value={meta} placeholder="team=legal" />
            </label>
          </div>
        </details>
      </form>
      <ErrorNote error={error} />
      <div aria-live="polite" class="muted">
        {busy
          ? "Searching…"
          : response
            ? `${response.results.length} results in ${Math.round(response.tookMs)} ms (${response.mode})`
            : ""}
      </div>
      {response && response.results.length === 0 ? (
        <p class="empty">Nothing found. Try other words, another mode, or fewer filters.</p>
      ) : null}
      {response && response.results.length > 0 ? (
        <ol class="results">
          {response.results.map((hit) => (
            <li key={hit.chunkId}>
              <a
                class="result-title"
                href={href(`/documents/${hit.documentId}`, { page: hit.page, chunk: hit.chunkId })}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/documents/${hit.documentId}`, { page: hit.page, chunk: hit.chunkId });
                }}
              >
                {hit.filename}
              </a>
              <span class="muted">
                {" "}
                {[pageLabel(hit.page, hit.pageEnd), shortType(hit.contentType), hit.headingPath.join(" › ")]
                  .filter(Boolean)
                  .join(" · ")}{" "}
                · score {hit.score.toFixed(3)}
              </span>
              <Snippet html={hit.snippet} />
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

export function parseMetadata(text: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const part of text.split(",")) {
    const at = part.indexOf("=");
    if (at > 0) pairs[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return pairs;
}
