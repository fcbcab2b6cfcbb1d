import { useCallback, useEffect, useState } from "preact/hooks";
import type { ApiClient } from "../api/client.ts";
import { type DocumentList, FINAL_STATUSES, STATUSES, type Status } from "../api/types.ts";
import { DeleteDocument } from "../components/delete-document.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { formatBytes, formatTime, shortType } from "../format.ts";
import { href, navigate } from "../router.ts";

const POLL_MS = 2000;
const PAGE_SIZE = 20;

/**
 * The tenant's documents, newest change first, a page at a time. While any shown document is
 * still on its way (PENDING, QUEUED, PROCESSING) the page asks again every two seconds.
 */
export function DocumentsPage({ api, query }: { api: ApiClient; query: URLSearchParams }) {
  const status = (STATUSES as readonly string[]).includes(query.get("status") ?? "")
    ? (query.get("status") as Status)
    : undefined;
  const type = query.get("type") ?? "";
  const cursor = query.get("cursor") ?? undefined;
  const previous = query.getAll("back");
  const [page, setPage] = useState<DocumentList>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState("");
  /** Deletes asked for here: the record reads DELETED once the delete's event is processed. */
  const [deleting, setDeleting] = useState<ReadonlySet<string>>(new Set());

  const load = useCallback(async () => {
    try {
      setPage(await api.listDocuments({ status, cursor, limit: PAGE_SIZE }));
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [api, status, cursor]);

  useEffect(() => {
    setPage(undefined);
    void load();
  }, [load]);

  const isDeleting = (d: { documentId: string; status: string }) =>
    deleting.has(d.documentId) && d.status !== "DELETED";
  const moving = page?.items.some((d) => !FINAL_STATUSES.includes(d.status) || isDeleting(d)) ?? false;
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [moving, load]);

  const go = (next: Record<string, string | undefined>) => {
    const params: Record<string, string | undefined> = { status, type: type || undefined, ...next };
    navigate("/documents", params);
  };
  const types = [...new Set((page?.items ?? []).map((d) => d.contentType).filter((t): t is string => !!t))].sort();
  const items = (page?.items ?? []).filter((d) => !type || d.contentType === type);

  return (
    <section aria-labelledby="documents-title">
      <div class="page-head">
        <h1 id="documents-title">Documents</h1>
        <a class="button" href={href("/upload")}>
          Upload files
        </a>
      </div>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={status ?? ""} onChange={(e) => go({ status: e.currentTarget.value || undefined })}>
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Type
          <select value={type} onChange={(e) => go({ type: e.currentTarget.value || undefined })}>
            <option value="">All</option>
            {[...new Set([...types, ...(type ? [type] : [])])].map((t) => (
              <option key={t} value={t}>
                {shortType(t)}
              </option>
            ))}
          </select>
        </label>
        <span class="muted" aria-live="polite">
          {moving ? "Updating while documents are processed…" : ""}
        </span>
      </form>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorNote error={error} />
      {!page && !error ? <p class="muted">Loading…</p> : null}
      {page && items.length === 0 ? (
        <p class="empty">
          No documents{status ? ` with status ${status}` : ""}
          {type ? ` of type ${shortType(type)}` : ""} here. <a href={href("/upload")}>Upload some files</a>.
        </p>
      ) : null}
      {items.length > 0 ? (
        <table class="documents">
          <caption class="visually-hidden">Documents, newest change first</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Status</th>
              <th scope="col">Type</th>
              <th scope="col">Size</th>
              <th scope="col">Pages</th>
              <th scope="col">Updated</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.documentId} data-document-id={d.documentId}>
                <th scope="row" data-label="File">
                  <a href={href(`/documents/${d.documentId}`)}>{d.filename}</a>
                  {d.status === "FAILED" && d.error ? (
                    <p class="failure">
                      <code>{d.error.code}</code> {d.error.message}
                    </p>
                  ) : null}
                </th>
                <td data-label="Status">
                  <StatusBadge status={isDeleting(d) ? "DELETING" : d.status} />
                </td>
                <td data-label="Type">{shortType(d.contentType)}</td>
                <td data-label="Size">{formatBytes(d.size)}</td>
                <td data-label="Pages">{d.pages ?? "—"}</td>
                <td data-label="Updated">{formatTime(d.updatedAt)}</td>
                <td>
                  {d.status === "DELETED" || isDeleting(d) ? null : (
                    <DeleteDocument
                      api={api}
                      document={d}
                      onDeleted={() => {
                        setDeleting((current) => new Set([...current, d.documentId]));
                        setNotice(`${d.filename} is being deleted.`);
                        void load();
                      }}
                      onError={setNotice}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <nav class="pager" aria-label="Pages of documents">
        {cursor ? (
          <a class="button secondary" href={pageHash(status, type, previous.at(-1), previous.slice(0, -1))}>
            Previous page
          </a>
        ) : null}
        {page?.nextCursor ? (
          <a
            class="button secondary"
            href={pageHash(status, type, page.nextCursor, [...previous, ...(cursor ? [cursor] : [])])}
          >
            Next page
          </a>
        ) : null}
      </nav>
    </section>
  );
}

/** The list's place: its filters, its cursor, and the cursors of the pages before it (for Previous). */
function pageHash(status: string | undefined, type: string, cursor: string | undefined, back: string[]): string {
  const params = new URLSearchParams();
  if (status) params.set("status", status);
  if (type) params.set("type", type);
  if (cursor) params.set("cursor", cursor);
  for (const b of back) params.append("back", b);
  const qs = params.toString();
  return `#/documents${qs ? `?${qs}` : ""}`;
}
