// OpenSearch Serverless authorises every HTTP request against the collection's data-access policy,
// per principal; the OpenSearch node the tests run on enforces nothing of it. This test records the
// requests each service's code really sends (the real OpenSearchIndex and client, against a
// recording HTTP server), maps each one to the aoss: permission the AWS documentation names for it
// ("Supported operations and plugins in Amazon OpenSearch Serverless"), and fails when a
// principal's rule in deploy/search.tf lacks one or grants one its service never uses.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { loadOpenSearchConfig, OpenSearchIndex } from "@docworker/aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTerraform, ROOT } from "./support/terraform.ts";

const INDEX = "docworker-chunks";
const DIMENSION = 4;

/** Request (method + path with the index as <index>) -> data-access permission, from the AWS documentation. */
const PERMISSION_OF: Record<string, string> = {
  "PUT <index>": "aoss:CreateIndex",
  "HEAD <index>": "aoss:DescribeIndex",
  "GET <index>": "aoss:DescribeIndex",
  "GET <index>/_mapping": "aoss:DescribeIndex",
  "GET <index>/_settings": "aoss:DescribeIndex",
  "PUT <index>/_mapping": "aoss:UpdateIndex",
  "POST <index>/_mapping": "aoss:UpdateIndex",
  "PUT <index>/_settings": "aoss:UpdateIndex",
  "DELETE <index>": "aoss:DeleteIndex",
  "POST <index>/_bulk": "aoss:WriteDocument",
  // The JavaScript client sends the bulk API as PUT; the operation (and its permission) is the same.
  "PUT <index>/_bulk": "aoss:WriteDocument",
  "POST _bulk": "aoss:WriteDocument",
  "POST <index>/_doc": "aoss:WriteDocument",
  "DELETE <index>/_doc/<id>": "aoss:WriteDocument",
  "GET <index>/_search": "aoss:ReadDocument",
  "POST <index>/_search": "aoss:ReadDocument",
  "GET <index>/_count": "aoss:ReadDocument",
  "POST <index>/_count": "aoss:ReadDocument",
  "GET <index>/_doc/<id>": "aoss:ReadDocument",
  "POST <index>/_mget": "aoss:ReadDocument",
};

type Role = "api" | "worker";

/**
 * Where each service reaches the index: what it runs at startup (the runtime), and the use cases
 * it runs. The SearchIndex methods each calls are read from these files, so a new call shows here.
 */
const CALLERS: Record<Role, { files: string[]; startup: string }> = {
  api: {
    files: ["packages/core/src/usecases/search-documents.ts", "packages/core/src/usecases/request-deletion.ts"],
    startup: "ensureIndex",
  },
  worker: {
    files: [
      "packages/core/src/usecases/handle-queue-message.ts",
      "packages/core/src/usecases/ingest-object-version.ts",
      "packages/core/src/usecases/delete-object.ts",
      "packages/core/src/usecases/index-targets.ts",
      "packages/core/src/usecases/reprocess.ts",
    ],
    startup: "verifyIndex",
  },
};

/** Methods of OpenSearchIndex that no service calls (tests and benchmarks use them). */
const NOT_CALLED_BY_SERVICES = new Set(["countChunks"]);

function methodsCalledIn(files: string[]): Set<string> {
  const methods = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const m of text.matchAll(/\bindex\.(\w+)\(/g)) methods.add(m[1] as string);
  }
  return methods;
}

function startupCallOf(role: Role): string {
  // The runtime decides what each service does to the index when it starts.
  const text = readFileSync(join(ROOT, "packages/runtime/src/open-aws-adapters.ts"), "utf8");
  const api = /serves\.includes\("api"\)\)\s*await index\.(\w+)\(\);\s*else await index\.(\w+)\(\);/.exec(text);
  if (!api) throw new Error("open-aws-adapters.ts: the startup call on the index was not found");
  return role === "api" ? (api[1] as string) : (api[2] as string);
}

// --- a recording OpenSearch ----------------------------------------------------------------------

const recorded: string[] = [];
/** Whether the recording server has the index: ensureIndex finds it missing and creates it. */
let indexExists = false;
let server: Server;
let url: string;

function pathPattern(method: string, path: string): string {
  const route = path
    .split("?")[0]
    ?.replace(/^\//, "")
    .replace(new RegExp(`^${INDEX}(?=/|$)`), "<index>")
    .replace(/^(<index>\/_doc)\/[^/]+$/, "$1/<id>");
  return `${method} ${route}`;
}

async function body(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}

function answer(method: string, route: string, text: string): unknown {
  if (route === "<index>/_mapping") {
    return { [INDEX]: { mappings: { properties: { vector: { type: "knn_vector", dimension: DIMENSION } } } } };
  }
  if (route.endsWith("_search")) {
    return {
      hits: { hits: [{ _id: "chunk-1", _score: 1, sort: ["a"], _source: { document_id: "d", chunk_id: "c" } }] },
    };
  }
  if (route.endsWith("_count")) return { count: 1 };
  if (route.endsWith("_bulk")) {
    const ops = text
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => "index" in line || "delete" in line || "create" in line);
    return {
      errors: false,
      items: ops.map((op) => {
        const kind = Object.keys(op)[0] as string;
        return { [kind]: { _id: `id-${Math.random()}`, status: kind === "delete" ? 200 : 201, result: "ok" } };
      }),
    };
  }
  if (method === "PUT") return { acknowledged: true, index: INDEX };
  return {};
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const text = await body(request);
    const method = request.method ?? "GET";
    const pattern = pathPattern(method, request.url ?? "/");
    recorded.push(pattern);
    const route = pattern.slice(method.length + 1);
    if (method === "HEAD") {
      response.writeHead(indexExists ? 200 : 404, { "content-type": "application/json" }).end();
      return;
    }
    if (pattern === "PUT <index>") indexExists = true;
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer(method, route, text)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function openIndex(): OpenSearchIndex {
  return OpenSearchIndex.fromConfig(
    loadOpenSearchConfig(
      { OPENSEARCH_URL: url, OPENSEARCH_INDEX: INDEX, OPENSEARCH_AUTH: "none", OPENSEARCH_SERVERLESS: "false" },
      { dimension: DIMENSION },
    ),
  );
}

const vector = new Float32Array([1, 0, 0, 0]);
const document = {
  tenantId: "acme",
  documentId: "doc_1",
  version: "v1",
  filename: "a.txt",
  contentType: "text/plain",
  createdAt: new Date().toISOString(),
  metadata: {},
};

/** One call of each SearchIndex method the services use, with arguments of the right shape. */
const EXERCISE: Record<string, (index: OpenSearchIndex) => Promise<unknown>> = {
  ensureIndex: (index) => index.ensureIndex(),
  verifyIndex: (index) => index.verifyIndex(),
  replaceDocument: (index) =>
    index.replaceDocument(document, [
      { chunkId: "c0", ordinal: 0, text: "tide tables", tokenCount: 2, vector } as never,
    ]),
  deleteDocument: (index) => index.deleteDocument("acme", "doc_1"),
  deleteOtherVersions: (index) => index.deleteOtherVersions("acme", "doc_1", "v1"),
  keywordSearch: (index) => index.keywordSearch({ tenantId: "acme", k: 5, filters: {}, text: "tide" }),
  vectorSearch: (index) => index.vectorSearch({ tenantId: "acme", k: 5, filters: {}, vector }),
  countChunks: (index) => index.countChunks("acme", "doc_1"),
  listDocuments: (index) => index.listDocuments({ limit: 10 }),
};

async function permissionsUsedBy(role: Role): Promise<Set<string>> {
  const methods = new Set([startupCallOf(role), ...methodsCalledIn(CALLERS[role].files)]);
  const used = new Set<string>();
  for (const method of methods) {
    const exercise = EXERCISE[method];
    if (!exercise) throw new Error(`${role} calls SearchIndex.${method}: add it to EXERCISE`);
    recorded.length = 0;
    indexExists = method !== "ensureIndex";
    await exercise(openIndex());
    expect(recorded.length, `${method} sent no request`).toBeGreaterThan(0);
    for (const request of recorded) {
      const permission = PERMISSION_OF[request];
      if (!permission) throw new Error(`${role} ${method} sends "${request}": map it to its aoss: permission`);
      used.add(permission);
    }
  }
  return used;
}

/** The permissions of each task role's rules in the data-access policy of deploy/search.tf. */
async function grantedTo(role: Role): Promise<Set<string>> {
  const tf = await loadTerraform();
  const policy = String(tf.resource.aws_opensearchserverless_access_policy?.data?.policy);
  const granted = new Set<string>();
  const parts = policy.split(/Principal\s*=/).slice(1);
  for (const part of parts) {
    if (!part.trimStart().startsWith(`[aws_iam_role.${role}_task.arn]`)) continue;
    for (const m of part.matchAll(/"(aoss:[\w*]+)"/g)) granted.add(m[1] as string);
  }
  return granted;
}

describe("OpenSearch Serverless data access: each task role's rule grants exactly what its code sends", () => {
  it("knows every OpenSearchIndex method (a new one must be assigned to a service or listed as unused)", () => {
    const methods = Object.getOwnPropertyNames(OpenSearchIndex.prototype).filter(
      (name) => name !== "constructor" && name !== "indexName",
    );
    const used = new Set([
      ...methodsCalledIn(CALLERS.api.files),
      ...methodsCalledIn(CALLERS.worker.files),
      startupCallOf("api"),
      startupCallOf("worker"),
    ]);
    for (const method of methods) {
      expect(used.has(method) || NOT_CALLED_BY_SERVICES.has(method), `OpenSearchIndex.${method}`).toBe(true);
      expect(EXERCISE[method], `EXERCISE.${method}`).toBeDefined();
    }
  });

  it("the api creates the index at startup (it always runs before the first upload); the worker only checks it", () => {
    expect(startupCallOf("api")).toBe("ensureIndex");
    expect(startupCallOf("worker")).toBe("verifyIndex");
  });

  for (const role of ["api", "worker"] as const) {
    it(`${role}: its data-access rule grants exactly the permissions of the requests it sends`, async () => {
      const used = await permissionsUsedBy(role);
      const granted = await grantedTo(role);
      expect(granted.size, `no rule for ${role}`).toBeGreaterThan(0);
      expect(
        [...granted].filter((p) => p.includes("*")),
        "wildcard permission",
      ).toEqual([]);
      expect([...granted].sort()).toEqual([...used].sort());
    });
  }
});
