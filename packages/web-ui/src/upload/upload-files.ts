// The CLI's upload flow, in the browser: POST /documents announces the file and returns a
// pre-signed URL, the bytes go straight to it (S3 on AWS, the API's receiver on the embedded
// default), and the upload's event starts processing.
import type { ApiClient } from "../api/client.ts";
import { ApiError } from "../api/problem.ts";
import { putWithProgress } from "./put-with-progress.ts";

export type UploadState =
  | { phase: "waiting" }
  | { phase: "uploading"; fraction: number; documentId?: string }
  | { phase: "uploaded"; documentId: string }
  | { phase: "refused"; reason: string; documentId?: string };

const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

export async function uploadFile(
  api: ApiClient,
  file: File,
  options: { maxBytes: number; onState: (state: UploadState) => void },
): Promise<void> {
  if (file.size === 0) return options.onState({ phase: "refused", reason: "the file is empty" });
  if (file.size > options.maxBytes)
    return options.onState({
      phase: "refused",
      reason: `larger than this deployment accepts (${Math.round(options.maxBytes / 1048576)} MiB)`,
    });
  let documentId: string | undefined;
  try {
    options.onState({ phase: "uploading", fraction: 0 });
    const created = await api.createDocument({
      filename: file.name,
      ...(CONTENT_TYPE.test(file.type) ? { contentType: file.type } : {}),
    });
    documentId = created.documentId;
    const id = documentId;
    await putWithProgress(created.upload, file, (fraction) =>
      options.onState({ phase: "uploading", fraction, documentId: id }),
    );
    options.onState({ phase: "uploaded", documentId: id });
  } catch (error) {
    const reason =
      error instanceof ApiError && error.code
        ? `${error.message} (${error.code})`
        : String(error instanceof Error ? error.message : error);
    options.onState({ phase: "refused", reason, ...(documentId ? { documentId } : {}) });
  }
}

/** Runs `task` over `items`, at most `limit` at once, in order of start. */
export async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
