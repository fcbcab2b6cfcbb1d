// The pre-signed PUT, through XMLHttpRequest because fetch reports no upload progress.
import { ApiError } from "../api/problem.ts";
import type { CreatedDocument } from "../api/types.ts";

export function putWithProgress(
  target: CreatedDocument["upload"],
  file: Blob,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(target.method, target.url);
    for (const [name, value] of Object.entries(target.headers)) {
      // The browser sets these itself and refuses to have them set.
      if (!["content-length", "host"].includes(name.toLowerCase())) xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
        return;
      }
      reject(refusal(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, "the upload did not reach the storage (network error or CORS)"));
    xhr.send(file);
  });
}

function refusal(status: number, text: string): ApiError {
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  if (code || message) return new ApiError(status, message ?? code ?? "", code);
  try {
    const body = JSON.parse(text) as { title?: string; detail?: string; code?: string };
    return new ApiError(status, [body.title, body.detail].filter(Boolean).join(": "), body.code);
  } catch {
    return new ApiError(status, `the storage refused the upload (HTTP ${status})`);
  }
}
