import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request as forward, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApiFromRuntime, HttpProblem, loadApiHttpConfig, singleTenant } from "@docworker/api";
import { openRuntime, type Runtime } from "@docworker/runtime";
import { type RunningWorker, startWorker } from "@docworker/worker";

export interface RecordedRequest {
  method: string;
  /** Path and query, as the client sent them. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RealApi {
  /** Where the CLI talks to: every request, upload PUTs included, passes the recorder first. */
  url: string;
  requests: RecordedRequest[];
  runtime: Runtime;
  close(): Promise<void>;
}

export interface RealApiOptions {
  /** When set, API routes (not uploads) answer 401 unless `Authorization: Bearer <token>`. */
  token?: string;
  /** Without the worker, uploads stay PENDING: nothing processes them. */
  worker?: boolean;
  env?: Record<string, string>;
}

/**
 * The real docworker API (services/api) over the real embedded runtime in a temporary data
 * directory, with the worker, as `make run` serves it; the upload URLs it hands out point at
 * the recorder in front of it, so tests see what the CLI sent where.
 */
export async function startRealApi(options: RealApiOptions = {}): Promise<RealApi> {
  const dataDir = mkdtempSync(join(tmpdir(), "docworker-cli-api-"));
  const runtime = await openRuntime({
    name: "docworker-cli-test",
    env: {
      DOCWORKER_DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      EMBEDDINGS_PROVIDER: "hashing",
      OCR_ENGINE: "none",
      ...options.env,
    },
  });
  const { uploads, events } = runtime;
  if (!uploads || !events) throw new Error("the embedded runtime serves uploads and the worker");
  const app = await buildApiFromRuntime(runtime, {
    env: {},
    authenticate: options.token === undefined ? singleTenant("default") : bearer(options.token),
    webUi: false,
    // A test sends more than a client would in a minute; the limit is not under test here.
    http: loadApiHttpConfig({ RATE_LIMIT_PER_MINUTE: "100000" }),
  });
  const requests: RecordedRequest[] = [];
  const apiUrl = await app.listen({ port: 0, host: "127.0.0.1" });
  const recorder = await startRecorder(apiUrl, requests);
  // The upload URLs point at the recorder too.
  uploads.setPublicBaseUrl(recorder.url);
  const worker: RunningWorker | undefined =
    options.worker === false ? undefined : startWorker(runtime.deps, events, runtime.logger);
  return {
    url: recorder.url,
    requests,
    runtime,
    async close() {
      await recorder.close();
      await app.close();
      await worker?.stop();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One tenant, reached only with this token: stands in for Cognito, which needs moto. */
function bearer(token: string) {
  const tenant = singleTenant("default");
  return async (request: Parameters<typeof tenant>[0]) => {
    if (request.headers.authorization !== `Bearer ${token}`) {
      throw new HttpProblem(401, "UNAUTHORIZED", "a valid bearer token is required", "Unauthorized");
    }
    return tenant(request);
  };
}

/** A pass-through HTTP proxy that keeps a copy of each request. */
async function startRecorder(
  target: string,
  requests: RecordedRequest[],
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: incoming.method ?? "GET",
        path: incoming.url ?? "/",
        headers: incoming.headers,
        body: body.toString("utf8"),
      });
      const upstream = forward(
        new URL(incoming.url ?? "/", target),
        { method: incoming.method, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      upstream.on("error", () => outgoing.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** PUTs `body` to a fresh document, as an ingest would; returns its id. */
export async function uploadDocument(
  api: RealApi,
  filename: string,
  body: string | Uint8Array,
  options: { contentType?: string; metadata?: Record<string, string> } = {},
): Promise<string> {
  const created = await fetch(`${api.url}/documents`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ filename, contentType: options.contentType ?? "text/plain", metadata: options.metadata }),
  });
  if (created.status !== 201) throw new Error(`POST /documents answered ${created.status}: ${await created.text()}`);
  const { documentId, upload } = (await created.json()) as {
    documentId: string;
    upload: { url: string; headers: Record<string, string> };
  };
  const put = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: Buffer.from(body) });
  if (put.status !== 200) throw new Error(`the upload answered ${put.status}: ${await put.text()}`);
  return documentId;
}

/** Polls GET /documents/{id} until the status is final. */
export async function settled(api: RealApi, documentId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 600; i++) {
    const record = (await (await fetch(`${api.url}/documents/${documentId}`)).json()) as Record<string, unknown>;
    if (["PROCESSED", "FAILED", "DELETED"].includes(String(record.status))) return record;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${documentId} did not settle`);
}
