import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningStandalone, startStandalone } from "@docworker/standalone";
import { afterAll, beforeAll, expect } from "vitest";

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** A user of a running services/standalone, over HTTP as the CLI and the web UI reach it. */
export interface StandaloneClient {
  readonly url: string;
  api<T>(path: string, init?: RequestInit): Promise<ApiAnswer<T>>;
  /** POST /documents with the given fields, then the PUT to its pre-signed URL; the document id. */
  upload(filename: string, bytes: Uint8Array, contentType: string, fields?: object): Promise<string>;
  /** The record once its status is one of `statuses` (by default any final one). */
  settled(documentId: string, options?: { timeoutMs?: number; statuses?: string[] }): Promise<Record<string, any>>;
}

const FINAL = ["PROCESSED", "FAILED", "DELETED"];

export function standaloneClient(url: () => string): StandaloneClient {
  const api = async <T>(path: string, init?: RequestInit): Promise<ApiAnswer<T>> => {
    const response = await fetch(`${url()}${path}`, {
      ...init,
      headers: init?.body ? { "content-type": "application/json" } : {},
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  return {
    get url() {
      return url();
    },
    api,
    async upload(filename, bytes, contentType, fields = {}) {
      const created = await api<{ documentId: string; upload: { url: string; headers: Record<string, string> } }>(
        "/documents",
        { method: "POST", body: JSON.stringify({ filename, contentType, ...fields }) },
      );
      expect(created.status).toBe(201);
      const put = await fetch(created.body.upload.url, {
        method: "PUT",
        headers: created.body.upload.headers,
        body: new Uint8Array(bytes),
      });
      expect(put.status).toBe(200);
      return created.body.documentId;
    },
    async settled(documentId, { timeoutMs = 60_000, statuses = FINAL } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await api<Record<string, any>>(`/documents/${documentId}`);
        if (statuses.includes(body.status)) return body;
        if (Date.now() > deadline) throw new Error(`document ${documentId} still ${body.status}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/**
 * services/standalone started before the file's tests on a data directory of its own (hashing
 * embedder, silent logs), stopped and its directory removed after them.
 */
export function useStandalone(dataDirPrefix: string, env: Record<string, string> = {}): StandaloneClient {
  let app: RunningStandalone | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), dataDirPrefix));
    app = await startStandalone({
      port: 0,
      host: "127.0.0.1",
      env: { DOCWORKER_DATA_DIR: dataDir, LOG_LEVEL: "silent", EMBEDDINGS_PROVIDER: "hashing", ...env },
    });
  });
  afterAll(async () => {
    await app?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return standaloneClient(() => {
    if (!app) throw new Error("the standalone server is not running");
    return app.url;
  });
}
