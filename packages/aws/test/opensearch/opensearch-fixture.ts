import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { IndexedDocument, SearchIndex } from "@docworker/core";
import { Client } from "@opensearch-project/opensearch";
import { OpenSearchIndex, type OpenSearchIndexOptions } from "../../src/opensearch/index.ts";
import { ensureEmulatedStack, REPO_ROOT, readEmulatedEnv } from "../support/emulated-stack.ts";

/**
 * The emulated node's URL, starting the stack if needed. ensureEmulatedStack checks moto only, so
 * a stack whose OpenSearch is down (or was started with EMULATED_SKIP_OPENSEARCH=1) is brought up
 * again here, under the same lock; up.sh starts only what is not running.
 */
export async function emulatedOpenSearchUrl(): Promise<string> {
  const { env } = await ensureEmulatedStack();
  if (await answers(env.OPENSEARCH_URL)) return env.OPENSEARCH_URL as string;
  execFileSync(
    "flock",
    ["-o", join(REPO_ROOT, ".docworker", "emulated-start.lock"), "bash", "scripts/emulated/up.sh"],
    {
      cwd: REPO_ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      timeout: 600_000,
    },
  );
  const url = readEmulatedEnv().OPENSEARCH_URL;
  if (!url || !(await answers(url)))
    throw new Error("the emulated OpenSearch did not come up: see .docworker/emulated/");
  return url;
}

async function answers(url: string | undefined): Promise<boolean> {
  if (!url) return false;
  try {
    const response = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

export interface TestIndex {
  index: OpenSearchIndex;
  client: Client;
  name: string;
  /** Test-only: makes every write searchable now (plain node only; Serverless has no such call). */
  refresh: () => Promise<void>;
  cleanup: () => Promise<void>;
}

/** A fresh, uniquely named chunk index on the emulated node. */
export async function createTestIndex(
  url: string,
  options: Partial<OpenSearchIndexOptions> & { client?: Client } = {},
): Promise<TestIndex> {
  const client = options.client ?? new Client({ node: url });
  const name = `test-chunks-${randomUUID()}`;
  const index = new OpenSearchIndex(client, { dimension: 4, ...options, index: name });
  await index.ensureIndex();
  return {
    index,
    client,
    name,
    refresh: async () => {
      await client.indices.refresh({ index: name });
    },
    cleanup: async () => {
      await client.indices.delete({ index: name }).catch(() => undefined);
    },
  };
}

/**
 * The port with a refresh after each write, so a contract that searches right after writing sees
 * the write: what the contract assumes and the emulated node (1 s refresh) does not guarantee.
 */
export function refreshAfterWrites(index: SearchIndex, refresh: () => Promise<void>): SearchIndex {
  return {
    replaceDocument: async (document, chunks) => {
      await index.replaceDocument(document, chunks);
      await refresh();
    },
    deleteDocument: async (tenantId, documentId) => {
      await index.deleteDocument(tenantId, documentId);
      await refresh();
    },
    deleteOtherVersions: async (tenantId, documentId, keepVersion) => {
      const removed = await index.deleteOtherVersions(tenantId, documentId, keepVersion);
      await refresh();
      return removed;
    },
    keywordSearch: (query) => index.keywordSearch(query),
    vectorSearch: (query) => index.vectorSearch(query),
    countChunks: (tenantId, documentId) => index.countChunks(tenantId, documentId),
    listDocuments: (query) => index.listDocuments(query),
  };
}

export function testDocument(overrides: Partial<IndexedDocument> = {}): IndexedDocument {
  return {
    tenantId: "tenant-a",
    documentId: "doc_0000000000000001",
    version: "v1",
    filename: "report.pdf",
    contentType: "application/pdf",
    createdAt: "2024-05-01T10:00:00.000Z",
    metadata: {},
    ...overrides,
  };
}

export { testChunk, unitVector as unit } from "@docworker/contract-tests";
