import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { ApiProblemError, unreachable } from "./api-errors.ts";
import type {
  ApiDocument,
  CreateDocumentRequest,
  CreatedDocument,
  DeletionAccepted,
  DocumentPage,
  ListDocumentsQuery,
  ReprocessJobView,
  ReprocessRequest,
  SearchRequestBody,
  SearchResponseBody,
  UploadTarget,
} from "./api-types.ts";

export interface ApiClientOptions {
  /** e.g. http://127.0.0.1:3000 or https://api.example.com/prod; routes are resolved below it. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` on API calls (never on the pre-signed upload). */
  token?: string;
  /** Per API call; uploads get a budget that grows with the file size. */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
}

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  expect: number;
}

/** Slowest upload rate we still wait for before giving up on a PUT: 256 KiB/s. */
const MIN_UPLOAD_BYTES_PER_MS = 256;

/** A typed client for the docworker HTTP API. Every failure is an ApiProblemError or ApiUnreachableError. */
export class DocworkerApiClient {
  readonly baseUrl: string;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#token = options.token;
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  createDocument(body: CreateDocumentRequest): Promise<CreatedDocument> {
    return this.#request("POST", "/documents", { body, expect: 201 });
  }

  getDocument(documentId: string): Promise<ApiDocument> {
    return this.#request("GET", `/documents/${encodeURIComponent(documentId)}`, { expect: 200 });
  }

  listDocuments(query: ListDocumentsQuery = {}): Promise<DocumentPage> {
    return this.#request("GET", "/documents", { query: { ...query }, expect: 200 });
  }

  deleteDocument(documentId: string): Promise<DeletionAccepted> {
    return this.#request("DELETE", `/documents/${encodeURIComponent(documentId)}`, { expect: 202 });
  }

  reprocessDocument(documentId: string): Promise<{ documentId: string; status: string }> {
    return this.#request("POST", `/documents/${encodeURIComponent(documentId)}/reprocess`, { expect: 202 });
  }

  startReprocess(body: ReprocessRequest): Promise<ReprocessJobView> {
    return this.#request("POST", "/reprocess", { body, expect: 202 });
  }

  getJob(jobId: string): Promise<ReprocessJobView> {
    return this.#request("GET", `/jobs/${encodeURIComponent(jobId)}`, { expect: 200 });
  }

  search(body: SearchRequestBody): Promise<SearchResponseBody> {
    return this.#request("POST", "/search", { body, expect: 200 });
  }

  /**
   * PUTs a file to a pre-signed URL with exactly the headers it was signed with, streamed from
   * disk. No Authorization header: the URL carries its own signature (S3 rejects a second one).
   */
  async uploadFile(upload: UploadTarget, file: { path: string; size: number }): Promise<void> {
    const timeoutMs = Math.max(120_000, file.size / MIN_UPLOAD_BYTES_PER_MS);
    let response: Response;
    try {
      response = await this.#fetch(upload.url, {
        method: upload.method,
        headers: { ...upload.headers, "content-length": String(file.size) },
        body: Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>,
        duplex: "half",
        signal: AbortSignal.timeout(timeoutMs),
      } as RequestInit);
    } catch (error) {
      throw unreachable(upload.url, error, timeoutMs);
    }
    if (!response.ok) throw await problemFrom(response);
    await response.body?.cancel();
  }

  async #request<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== "") url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: "application/json, application/problem+json" };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw unreachable(this.baseUrl, error, this.#timeoutMs);
    }
    if (response.status !== options.expect) throw await problemFrom(response);
    const text = await response.text();
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      throw new ApiProblemError({
        status: response.status,
        code: "INVALID_RESPONSE",
        title: "Invalid response",
        detail: `${method} ${url.pathname} answered ${response.status} with a body that is not JSON`,
      });
    }
  }
}

/**
 * The error a response carries: problem+json from docworker, an S3 XML error from a pre-signed
 * URL, or whatever a proxy in between sent (reported by its HTTP status).
 */
async function problemFrom(response: Response): Promise<ApiProblemError> {
  const text = await response.text().catch(() => "");
  const fallback = {
    status: response.status,
    code: `HTTP_${response.status}`,
    title: response.statusText || `HTTP ${response.status}`,
    detail: `${response.status} ${response.statusText}`.trim(),
  };
  const contentType = response.headers.get("content-type") ?? "";
  if (contentType.includes("json")) {
    try {
      const body = JSON.parse(text) as { code?: unknown; detail?: unknown; title?: unknown; message?: unknown };
      const str = (value: unknown) => (typeof value === "string" && value ? value : undefined);
      return new ApiProblemError({
        status: response.status,
        code: str(body.code) ?? fallback.code,
        title: str(body.title) ?? fallback.title,
        detail: str(body.detail) ?? str(body.message) ?? str(body.title) ?? fallback.detail,
      });
    } catch {
      // not JSON after all: fall through to the generic report
    }
  }
  const s3Code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
  if (s3Code) {
    const message = /<Message>([^<]+)<\/Message>/.exec(text)?.[1] ?? fallback.detail;
    return new ApiProblemError({ ...fallback, code: s3Code, detail: message });
  }
  return new ApiProblemError(fallback);
}
