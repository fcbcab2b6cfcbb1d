import { useRef, useState } from "preact/hooks";
import type { ApiClient } from "../api/client.ts";
import { formatBytes } from "../format.ts";
import { href } from "../router.ts";
import { collectDropped, fromFileList, type PickedFile } from "../upload/collect-dropped.ts";
import { eachLimited, type UploadState, uploadFile } from "../upload/upload-files.ts";

interface Row {
  key: number;
  path: string;
  size: number;
  state: UploadState;
}

const PARALLEL_UPLOADS = 4;
let nextKey = 0;

export function UploadPage({ api, maxBytes }: { api: ApiClient; maxBytes: number }) {
  const [rows, setRows] = useState<Row[]>([]);
  const [dragging, setDragging] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const update = (key: number, state: UploadState) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, state } : row)));

  const start = (picked: PickedFile[]) => {
    const added = picked.map((p) => ({
      key: nextKey++,
      path: p.path,
      size: p.file.size,
      file: p.file,
      state: { phase: "waiting" } as UploadState,
    }));
    setRows((current) => [...added.map(({ file: _file, ...row }) => row), ...current]);
    void eachLimited(added, PARALLEL_UPLOADS, (row) =>
      uploadFile(api, row.file, { maxBytes, onState: (state) => update(row.key, state) }),
    );
  };

  const done = rows.filter((r) => r.state.phase === "uploaded").length;
  const refused = rows.filter((r) => r.state.phase === "refused").length;

  return (
    <section aria-labelledby="upload-title">
      <h1 id="upload-title">Upload</h1>
      <section
        aria-label="Drop files or folders to upload"
        class={`dropzone${dragging ? " dragging" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={async (e) => {
          e.preventDefault();
          setDragging(false);
          if (e.dataTransfer) start(await collectDropped(e.dataTransfer));
        }}
      >
        <p>Drop files or folders here, or</p>
        <div class="dropzone-actions">
          <label class="button">
            Choose files
            <input
              ref={filesInput}
              class="visually-hidden"
              type="file"
              multiple
              onChange={(e) => {
                start(fromFileList(e.currentTarget.files));
                e.currentTarget.value = "";
              }}
            />
          </label>
          <label class="button secondary">
            Choose a folder
            <input
              ref={folderInput}
              class="visually-hidden"
              type="file"
              {...{ webkitdirectory: true }}
              onChange={(e) => {
                start(fromFileList(e.currentTarget.files));
                e.currentTarget.value = "";
              }}
            />
          </label>
        </div>
        <p class="muted">
          PDF, Word, PowerPoint, Excel, HTML, Markdown, text, CSV, JSON and more; up to {formatBytes(maxBytes)} each.
        </p>
      </section>
      {rows.length > 0 ? (
        <>
          <p role="status" aria-live="polite">
            {done} of {rows.length} uploaded{refused ? `, ${refused} refused` : ""}.{" "}
            {done > 0 ? <a href={href("/documents")}>Follow them in Documents</a> : null}
          </p>
          <ul class="uploads">
            {rows.map((row) => (
              <li key={row.key} class={`upload upload-${row.state.phase}`}>
                <span class="upload-name">{row.path}</span>
                <span class="muted">{formatBytes(row.size)}</span>
                <UploadProgress row={row} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function UploadProgress({ row }: { row: Row }) {
  const { state } = row;
  if (state.phase === "waiting") return <span class="muted">waiting</span>;
  if (state.phase === "uploading")
    return (
      <progress max={1} value={state.fraction} aria-label={`Uploading ${row.path}`}>
        {Math.round(state.fraction * 100)}%
      </progress>
    );
  if (state.phase === "uploaded")
    return (
      <span>
        uploaded — <a href={href(`/documents/${state.documentId}`)}>view</a>
      </span>
    );
  return (
    <span class="refused" role="alert">
      refused: {state.reason}
    </span>
  );
}
