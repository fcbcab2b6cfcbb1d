import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiDocument, SearchHit } from "../../src/api-types.ts";

/**
 * A recorded-contract stand-in for the docworker HTTP API (services/api): the same routes, status
 * codes, problem+json errors and pre-signed-upload dance, with documents kept in memory. After
 * the PUT a document is QUEUED; each GET moves it one step on (PROCESSING, then its outcome),
 * so polling clients see it progress without timers.
 */
export interface StandInOptions {
  /** When set, API routes (not uploads) answer 401 unless `Authorization: Bearer <token>`. */
  token?: string;
  /** GETs after the upload before the document reaches its outcome. */
  stepsToFinish?: number;
  /** Uploads larger than this answer 413 TOO_LARGE, as the embedded receiver does. */
  maxUploadBytes?: number;
  searchResults?: SearchHit[];
}

export interface StoredDocument {
  record: ApiDocument;
  body?: Buffer;
  contentTypeSigned: string;
  steps: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface StandInApi {
  url: string;
  documents: Map<string, StoredDocument>;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const ID = /^doc_[a-z0-9]{16,64}$/;
const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
const METADATA_KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const STATUSES = ["PENDING", "QUEUED", "PROCESSING", "PROCESSED", "FAILED", "DELETED"];

export async function startStandInApi(options: StandInOptions = {}): Promise<StandInApi> {
  const documents = new Map<string, StoredDocument>();
  const requests: RecordedRequest[] = [];
  let url = "";

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      problem(response, 500, "INTERNAL", String(error));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const target = new URL(request.url ?? "/", url);
    const path = target.pathname;
    const method = request.method ?? "GET";
    if (method === "PUT" && path.startsWith("/uploads/")) return upload(request, response, target);
    const body = await readBody(request);
    requests.push({ method, path: `${path}${target.search}`, headers: request.headers, body: body.toString("utf8") });
    if (options.token && request.headers.authorization !== `Bearer ${options.token}`) {
      return problem(response, 401, "UNAUTHORIZED", "a valid bearer token is required");
    }
    const documentMatch = /^\/documents\/([^/]+)$/.exec(path);
    if (method === "POST" && path === "/documents") return createDocument(response, body);
    if (method === "GET" && path === "/documents") return listDocuments(response, target.searchParams);
    if (method === "GET" && documentMatch) return getDocument(response, decodeURIComponent(documentMatch[1] ?? ""));
    if (method === "DELETE" && documentMatch)
      return deleteDocument(response, decodeURIComponent(documentMatch[1] ?? ""));
    if (method === "POST" && path === "/search") return search(response, body);
    return problem(response, 404, "NOT_FOUND", `no route ${method} ${path}`);
  }

  function createDocument(response: ServerResponse, raw: Buffer) {
    const body = parseJson(raw) as { filename?: unknown; contentType?: unknown; metadata?: unknown } | undefined;
    const invalid = validateCreate(body);
    if (invalid || !body) return problem(response, 400, "VALIDATION_FAILED", invalid ?? "body must be JSON");
    const documentId = `doc_${randomBytes(10).toString("hex")}`;
    const now = new Date().toISOString();
    const contentType = (body.contentType as string | undefined) ?? "application/octet-stream";
    documents.set(documentId, {
      contentTypeSigned: contentType,
      steps: 0,
      record: {
        documentId,
        tenantId: "default",
        filename: body.filename as string,
        contentType,
        metadata: (body.metadata as Record<string, string> | undefined) ?? {},
        status: "PENDING",
        attempts: 0,
        usage: { inputTokens: 0, outputTokens: 0, embeddingTokens: 0 },
        createdAt: now,
        updatedAt: now,
      },
    });
    json(response, 201, {
      documentId,
      status: "PENDING",
      upload: {
        url: `${url}/uploads/raw-input/${documentId}?signature=stand-in`,
        method: "PUT",
        headers: { "content-type": contentType },
        expiresAt: new Date(Date.now() + 900_000).toISOString(),
      },
    });
  }

  async function upload(request: IncomingMessage, response: ServerResponse, target: URL) {
    const documentId = target.pathname.split("/").at(-1) ?? "";
    const stored = documents.get(documentId);
    if (!stored || target.searchParams.get("signature") !== "stand-in" || request.headers.authorization) {
      await readBody(request);
      return problem(response, 403, "SIGNATURE_INVALID", "the upload URL signature does not match");
    }
    if (request.headers["content-type"] !== stored.contentTypeSigned) {
      await readBody(request);
      return problem(response, 403, "CONTENT_TYPE_MISMATCH", "content-type differs from the signed one");
    }
    const declared = request.headers["content-length"];
    if (declared === undefined) {
      await readBody(request);
      return problem(response, 411, "LENGTH_REQUIRED", "content-length is required");
    }
    if (options.maxUploadBytes !== undefined && Number(declared) > options.maxUploadBytes) {
      await readBody(request);
      return problem(response, 413, "TOO_LARGE", `the upload exceeds ${options.maxUploadBytes} bytes`);
    }
    const body = await readBody(request);
    if (body.length !== Number(declared)) return problem(response, 400, "BAD_REQUEST", "length mismatch");
    stored.body = body;
    update(stored, { status: "QUEUED", size: body.length });
    response.writeHead(200).end();
  }

  function getDocument(response: ServerResponse, documentId: string) {
    const stored = ID.test(documentId) ? documents.get(documentId) : undefined;
    if (!stored) return problem(response, 404, "NOT_FOUND", `document ${documentId} was not found`);
    if (stored.body && (stored.record.status === "QUEUED" || stored.record.status === "PROCESSING")) advance(stored);
    json(response, 200, stored.record);
  }

  function advance(stored: StoredDocument) {
    stored.steps += 1;
    if (stored.steps < (options.stepsToFinish ?? 2)) return update(stored, { status: "PROCESSING", attempts: 1 });
    const text = stored.body?.toString("utf8") ?? "";
    const failure = /^%FAIL:([A-Z_]+)/.exec(text);
    if (failure) {
      return update(stored, {
        status: "FAILED",
        error: { code: failure[1] ?? "CORRUPT", message: "the stand-in was told to fail this file", retryable: false },
      });
    }
    update(stored, {
      status: "PROCESSED",
      chunkCount: Math.max(1, Math.ceil(text.length / 100)),
      ...(stored.record.filename.endsWith(".pdf") ? { pages: 2 } : {}),
      usage: { inputTokens: 120, outputTokens: 30, embeddingTokens: 64 },
      extraction: { extractor: "rules", schemaId: "generic-document", data: { title: stored.record.filename } },
      processedAt: new Date().toISOString(),
    });
  }

  function update(stored: StoredDocument, changes: Partial<ApiDocument>) {
    stored.record = { ...stored.record, ...changes, updatedAt: new Date().toISOString() };
  }

  function listDocuments(response: ServerResponse, query: URLSearchParams) {
    const limit = Number(query.get("limit") ?? 20);
    const status = query.get("status");
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return problem(response, 400, "VALIDATION_FAILED", "querystring/limit must be <= 100");
    }
    if (status && !STATUSES.includes(status)) return problem(response, 400, "VALIDATION_FAILED", "bad status");
    const all = [...documents.values()]
      .map((d) => d.record)
      .filter((r) => !status || r.status === status)
      .reverse();
    const offset = Number(Buffer.from(query.get("cursor") ?? "MA", "base64url").toString()) || 0;
    const items = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? Buffer.from(String(offset + limit)).toString("base64url") : undefined;
    json(response, 200, { items, ...(next ? { nextCursor: next } : {}) });
  }

  function deleteDocument(response: ServerResponse, documentId: string) {
    const stored = ID.test(documentId) ? documents.get(documentId) : undefined;
    if (!stored || stored.record.status === "DELETED") {
      return problem(response, 404, "NOT_FOUND", `document ${documentId} was not found`);
    }
    update(stored, { status: "DELETED" });
    json(response, 202, { documentId, status: "DELETING" });
  }

  function search(response: ServerResponse, raw: Buffer) {
    const body = parseJson(raw) as { query?: unknown; k?: unknown; mode?: unknown } | undefined;
    if (!body || typeof body.query !== "string" || body.query.length === 0) {
      return problem(response, 400, "VALIDATION_FAILED", "body/query must NOT have fewer than 1 characters");
    }
    const k = body.k === undefined ? 10 : body.k;
    if (typeof k !== "number" || k < 1 || k > 100) return problem(response, 400, "VALIDATION_FAILED", "body/k");
    const results = (options.searchResults ?? []).slice(0, k);
    json(response, 200, { mode: body.mode ?? "hybrid", tookMs: 4.2, results });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    documents,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function validateCreate(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return "body must be an object";
  const { filename, contentType, metadata, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return "body must NOT have additional properties";
  if (typeof filename !== "string" || filename.length < 1 || filename.length > 255) return "body/filename is invalid";
  if (contentType !== undefined && (typeof contentType !== "string" || !CONTENT_TYPE.test(contentType))) {
    return "body/contentType must match pattern";
  }
  if (metadata !== undefined) {
    if (!metadata || typeof metadata !== "object") return "body/metadata must be object";
    for (const [key, value] of Object.entries(metadata)) {
      if (!METADATA_KEY.test(key) || typeof value !== "string") return `body/metadata/${key} is invalid`;
    }
  }
  return undefined;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

function problem(response: ServerResponse, status: number, code: string, detail: string): void {
  const title = code.toLowerCase().replaceAll("_", " ");
  response
    .writeHead(status, { "content-type": "application/problem+json; charset=utf-8" })
    .end(JSON.stringify({ type: `https://docworker.dev/problems/${code.toLowerCase()}`, title, status, detail, code }));
}
