import { useState } from "preact/hooks";
import type { ApiClient } from "../api/client.ts";
import type { DocumentView } from "../api/types.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import { describeError } from "./error-note.tsx";

/** A delete button that asks first; the document then flows through DELETED like any delete. */
export function DeleteDocument(props: {
  api: ApiClient;
  document: Pick<DocumentView, "documentId" | "filename">;
  onDeleted: () => void;
  onError: (message: string) => void;
}) {
  const [asking, setAsking] = useState(false);
  const confirm = async () => {
    setAsking(false);
    try {
      await props.api.deleteDocument(props.document.documentId);
      props.onDeleted();
    } catch (error) {
      props.onError(`Could not delete ${props.document.filename}: ${describeError(error)}`);
    }
  };
  return (
    <>
      <button type="button" class="danger small" onClick={() => setAsking(true)}>
        Delete<span class="visually-hidden"> {props.document.filename}</span>
      </button>
      <ConfirmDialog
        open={asking}
        title={`Delete ${props.document.filename}?`}
        confirmLabel="Delete"
        onConfirm={confirm}
        onCancel={() => setAsking(false)}
      >
        <p>The file, its chunks and its extraction are removed. This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}
