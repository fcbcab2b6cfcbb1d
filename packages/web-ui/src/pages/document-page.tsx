import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import type { ApiClient } from "../api/client.ts";
import { ApiError } from "../api/problem.ts";
import { type ChunkView, type DocumentView, type ExtractionSchema, FINAL_STATUSES } from "../api/types.ts";
import { DeleteDocument } from "../components/delete-document.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { PdfPage, usePdf } from "../components/pdf-page.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { ExtraFields, SchemaFields } from "../extraction/schema-fields.tsx";
import { formatBytes, formatTime, formatUsd, pageLabel, shortType } from "../format.ts";
import { href, navigate } from "../router.ts";

const POLL_MS = 1500;
/** Record fields this page shows in its own sections; any other field goes under "More". */
const SHOWN = [
  "documentId",
  "tenantId",
  "filename",
  "contentType",
  "size",
  "metadata",
  "status",
  "version",
  "attempts",
  "error",
  "pages",
  "chunkCount",
  "extraction",
  "usage",
  "createdAt",
  "updatedAt",
  "processedAt",
] as const;

export function DocumentPage(props: { api: ApiClient; documentId: string; query: URLSearchParams }) {
  const { api, documentId } = props;
  const [doc, setDoc] = useState<DocumentView>();
  const [error, setError] = useState<unknown>();
  const [chunks, setChunks] = useState<ChunkView[]>();
  const [schema, setSchema] = useState<ExtractionSchema>();
  const [deleteAsked, setDeleteAsked] = useState(false);
  const selectedChunk = props.query.get("chunk") ?? undefined;
  const requestedPage = Number(props.query.get("page") ?? "") || undefined;

  const load = useCallback(async () => {
    try {
      setDoc(await api.getDocument(documentId));
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [api, documentId]);

  useEffect(() => {
    setDoc(undefined);
    setChunks(undefined);
    void load();
  }, [load]);

  const status = doc?.status;
  const deletingNow = deleteAsked && status !== "DELETED";
  useEffect(() => {
    if (!status || (FINAL_STATUSES.includes(status) && !deletingNow)) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [status, deletingNow, load]);

  useEffect(() => {
    if (status !== "PROCESSED") return;
    api.getChunks(documentId).then(
      (r) => setChunks(r.items),
      () => setChunks([]),
    );
    api.getExtractionSchema().then(setSchema, () => {});
  }, [api, documentId, status]);

  useEffect(() => {
    if (!chunks || !selectedChunk) return;
    document.querySelector(".chunks li.selected")?.scrollIntoView({ block: "nearest" });
  }, [chunks, selectedChunk]);

  const isPdf = doc?.contentType === "application/pdf" && status === "PROCESSED";
  const loadContent = useMemo(() => (isPdf ? () => api.getContent(documentId) : undefined), [api, documentId, isPdf]);
  const pdf = usePdf(loadContent);
  const chunk = chunks?.find((c) => c.chunkId === selectedChunk);
  const page = requestedPage ?? chunk?.pageStart ?? 1;
  const select = (next: { page?: number; chunk?: string }) =>
    navigate(`/documents/${documentId}`, { page: next.page, chunk: next.chunk }, true);

  if (error instanceof ApiError && error.status === 404)
    return (
      <section>
        <h1>Document not found</h1>
        <p>
          There is no document {documentId} for you. <a href={href("/documents")}>Back to the documents</a>.
        </p>
      </section>
    );
  if (!doc)
    return (
      <section>
        <ErrorNote error={error} />
        {error ? null : <p class="muted">Loading…</p>}
      </section>
    );

  return (
    <article aria-labelledby="document-title" class="document">
      <p>
        <a href={href("/documents")}>← Documents</a>
      </p>
      <div class="page-head">
        <h1 id="document-title">{doc.filename}</h1>
        <StatusBadge status={deletingNow ? "DELETING" : doc.status} />
        {doc.status === "DELETED" || deletingNow ? null : (
          <DeleteDocument
            api={api}
            document={doc}
            onDeleted={() => {
              setDeleteAsked(true);
              void load();
            }}
            onError={(m) => setError(new Error(m))}
          />
        )}
      </div>
      <ErrorNote error={error} />
      {doc.status === "FAILED" && doc.error ? (
        <section class="failure-box" aria-labelledby="failure-title">
          <h2 id="failure-title">Why it failed</h2>
          <p>
            <code>{doc.error.code}</code> {doc.error.message}
          </p>
          <p class="muted">
            {doc.error.retryable
              ? "A transient failure: retries ran out."
              : "Retrying will not help: the file itself is the cause."}
          </p>
        </section>
      ) : null}
      {doc.status === "PROCESSED" && doc.chunkCount === 0 && doc.recognition?.pagesWithoutText ? (
        <p class="muted">Nothing legible was found in this file: it has no text to search or extract.</p>
      ) : null}
      {!FINAL_STATUSES.includes(doc.status) ? (
        <p class="muted" aria-live="polite">
          {doc.status === "PENDING" ? "Waiting for the upload…" : "Being processed…"} This page updates by itself.
        </p>
      ) : null}

      <div class="document-grid">
        <section aria-labelledby="details-title">
          <h2 id="details-title">Details</h2>
          <dl class="fields">
            <Field label="Document id" value={<code>{doc.documentId}</code>} />
            <Field
              label="Type"
              value={`${shortType(doc.contentType)}${doc.contentType ? ` (${doc.contentType})` : ""}`}
            />
            <Field label="Size" value={formatBytes(doc.size)} />
            <Field label="Pages" value={doc.pages ?? "—"} />
            <Field label="Chunks" value={doc.chunkCount ?? "—"} />
            {doc.recognition ? (
              <Field
                label="Text recognition"
                value={`${doc.recognition.engine}, ${doc.recognition.pages.length} page(s), confidence ${doc.recognition.meanConfidence}`}
              />
            ) : null}
            {doc.recognition?.lowConfidencePages.length ? (
              <Field label="Read with low confidence" value={`page ${doc.recognition.lowConfidencePages.join(", ")}`} />
            ) : null}
            {doc.recognition?.pagesWithoutText ? (
              <Field label="No text found on" value={`page ${doc.recognition.pagesWithoutText.join(", ")}`} />
            ) : null}
            <Field label="Attempts" value={doc.attempts} />
            <Field label="Uploaded" value={formatTime(doc.createdAt)} />
            <Field label="Last change" value={formatTime(doc.updatedAt)} />
            <Field label="Processed" value={formatTime(doc.processedAt)} />
            {Object.entries(doc.metadata ?? {}).map(([k, v]) => (
              <Field key={k} label={`Metadata: ${k}`} value={v} />
            ))}
          </dl>
          <h2>Usage</h2>
          <dl class="fields">
            <Field label="Extraction tokens in / out" value={`${doc.usage.inputTokens} / ${doc.usage.outputTokens}`} />
            <Field label="Embedding tokens" value={doc.usage.embeddingTokens} />
            <Field label="Estimated cost" value={formatUsd(doc.usage.estimatedCostUsd)} />
          </dl>
        </section>

        {doc.extraction ? (
          <section aria-labelledby="extraction-title">
            <h2 id="extraction-title">Extraction</h2>
            <p class="muted">
              {doc.extraction.extractor}
              {doc.extraction.model ? ` · ${doc.extraction.model}` : ""} · schema {doc.extraction.schemaId}
            </p>
            <SchemaFields
              schema={schema?.id === doc.extraction.schemaId ? schema.schema : undefined}
              data={doc.extraction.data}
            />
            <details>
              <summary>Raw JSON</summary>
              <pre>{JSON.stringify(doc.extraction.data, null, 2)}</pre>
            </details>
          </section>
        ) : null}
      </div>

      {isPdf ? (
        <section aria-labelledby="page-title" class="page-view">
          <h2 id="page-title">Page</h2>
          <ErrorNote error={pdf.error} />
          {pdf.doc ? (
            <>
              <div class="page-controls">
                <button type="button" disabled={page <= 1} onClick={() => select({ page: page - 1 })}>
                  Previous page
                </button>
                <span>
                  {page} / {pdf.doc.numPages}
                </span>
                <button type="button" disabled={page >= pdf.doc.numPages} onClick={() => select({ page: page + 1 })}>
                  Next page
                </button>
              </div>
              <PdfPage doc={pdf.doc} page={page} filename={doc.filename} />
            </>
          ) : pdf.error ? null : (
            <p class="muted">Loading the PDF…</p>
          )}
        </section>
      ) : null}

      {chunks ? (
        <section aria-labelledby="chunks-title">
          <h2 id="chunks-title">Chunks ({chunks.length})</h2>
          <ol class="chunks">
            {chunks.map((c) => (
              <li key={c.chunkId} class={c.chunkId === selectedChunk ? "selected" : ""} id={`chunk-${c.ordinal}`}>
                <button
                  type="button"
                  class="chunk-head"
                  aria-pressed={c.chunkId === selectedChunk}
                  onClick={() => select({ chunk: c.chunkId, ...(c.pageStart ? { page: c.pageStart } : {}) })}
                >
                  #{c.ordinal + 1} {pageLabel(c.pageStart, c.pageEnd)}
                  {c.headingPath.length ? ` · ${c.headingPath.join(" › ")}` : ""} · {c.tokenCount} tokens
                </button>
                <p class="chunk-text">{c.text}</p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <ExtraFields record={doc} known={SHOWN} />
    </article>
  );
}

function Field({ label, value }: { label: string; value: unknown }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value as never}</dd>
    </div>
  );
}
