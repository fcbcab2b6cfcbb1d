// docworker as deployed: deploy/ applied to a fresh emulated account, the API and the worker as two
// processes started from their task definitions read back from ECS, each with its own task role's
// credentials and moto's IAM authorisation on. A Cognito user uploads through the pre-signed URL,
// the document is PROCESSED and found by POST /search; a user of another tenant sees nothing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GetRolePolicyCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { type DeployedShape, startDeployedShape, tail } from "@docworker/deployed-shape";
import { signInDevUser } from "@docworker/dev-provisioning";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureEmulatedStack, REPO_ROOT } from "../../packages/aws/test/support/emulated-stack.ts";
import { applyToFreshAccount } from "./support/deployed-account.ts";

const STATE = join(REPO_ROOT, ".docworker/deployed-test");
const INDEX = "docworker-deployed-test-chunks";

let account: Awaited<ReturnType<typeof applyToFreshAccount>> | undefined;
let shape: DeployedShape;
let alice: string;
let bob: string;

async function call(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${shape.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, any> };
}

async function upload(
  token: string,
  filename: string,
  body: string | Uint8Array<ArrayBuffer>,
  contentType = "text/plain",
): Promise<string> {
  const created = await call(token, "POST", "/documents", { filename, contentType });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const { url, headers } = created.json.upload as { url: string; headers: Record<string, string> };
  const put = await fetch(url, { method: "PUT", headers, body });
  expect(put.status, await put.text()).toBe(200);
  return created.json.documentId as string;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}\n--- api\n${tail(shape.api.logFile)}\n--- worker\n${tail(shape.workers[0]?.logFile ?? "")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  const { env } = await ensureEmulatedStack();
  // A fresh account: no index yet, whatever ran before.
  await fetch(`${env.OPENSEARCH_URL}/${INDEX}`, { method: "DELETE" });
  account = await applyToFreshAccount(STATE, { opensearchIndex: INDEX });
  shape = await startDeployedShape({
    root: REPO_ROOT,
    stateDir: STATE,
    motoEndpoint: account.motoEndpoint,
    opensearchUrl: env.OPENSEARCH_URL as string,
    bedrockUrl: env.BEDROCK_ENDPOINT_URL as string,
    textractUrl: env.TEXTRACT_ENDPOINT_URL as string,
    port: 0,
    workers: 1,
  });
  const cognito = { region: "us-east-1", endpoint: shape.operator.endpoint, credentials: shape.operator.credentials };
  alice = (await signInDevUser(cognito, shape.cognito.clientId, "alice@acme.test", shape.cognito.password)).idToken;
  bob = (await signInDevUser(cognito, shape.cognito.clientId, "bob@globex.test", shape.cognito.password)).idToken;
}, 600_000);

afterAll(async () => {
  await shape?.stop();
  await account?.stop();
});

describe("the deployed shape on an emulated account", () => {
  it("runs each service with only its task definition's environment and its own task role", () => {
    // The API sends reprocess requests to the ingest queue; the dead-letter queue is the worker's alone.
    expect(shape.tasks.api.environment.DLQ_URL).toBeUndefined();
    expect(shape.tasks.api.environment.WORKER_CONCURRENCY).toBeUndefined();
    expect(shape.tasks.worker.environment.COGNITO_USER_POOL_ID).toBeUndefined();
    expect(shape.tasks.api.taskRoleArn).not.toBe(shape.tasks.worker.taskRoleArn);
    expect(shape.tasks.worker.environment.WORKER_SHUTDOWN_GRACE_SECONDS).toBeDefined();
    expect(Number(shape.tasks.worker.environment.WORKER_SHUTDOWN_GRACE_SECONDS)).toBeLessThan(
      shape.tasks.worker.stopTimeoutSeconds,
    );
  });

  let documentId: string;
  it("a Cognito user uploads through the pre-signed URL; the document is PROCESSED and found by search", async () => {
    documentId = await upload(
      alice,
      "harbour.txt",
      "Harbour report: the tide tables for Norwich were revised in spring.",
    );
    const record = await waitFor("PROCESSED", async () => {
      const got = await call(alice, "GET", `/documents/${documentId}`);
      if (got.json.status === "FAILED") throw new Error(`FAILED: ${JSON.stringify(got.json.error)}`);
      return got.json.status === "PROCESSED" ? got.json : undefined;
    });
    expect(record.chunkCount).toBeGreaterThan(0);
    // Scale-in protection was held while the worker had the document.
    expect(shape.workers[0]?.agent?.changes[0]).toMatchObject({ enabled: true });
    const found = await waitFor("the document in search", async () => {
      const search = await call(alice, "POST", "/search", { query: "tide tables Norwich", mode: "hybrid" });
      const ids = (search.json.results ?? []).map((r: { documentId: string }) => r.documentId);
      return ids.includes(documentId) ? ids : undefined;
    });
    expect(found).toContain(documentId);
  });

  it("the worker reads a scanned image through Textract (the stand-in), and search finds its text", async () => {
    const scan = readFileSync(join(REPO_ROOT, "packages/tesseract-recognizer/test/fixtures/scanned-invoice.png"));
    const scannedId = await upload(alice, "invoice.png", new Uint8Array(scan), "image/png");
    const record = await waitFor(
      "the scan PROCESSED",
      async () => {
        const got = await call(alice, "GET", `/documents/${scannedId}`);
        if (got.json.status === "FAILED") throw new Error(`FAILED: ${JSON.stringify(got.json.error)}`);
        return got.json.status === "PROCESSED" ? got.json : undefined;
      },
      120_000,
    );
    expect(record.recognition).toMatchObject({ engine: "textract" });
    const found = await waitFor("the scan in search", async () => {
      const search = await call(alice, "POST", "/search", { query: "forklift rental March", mode: "keyword" });
      const ids = (search.json.results ?? []).map((r: { documentId: string }) => r.documentId);
      return ids.includes(scannedId) ? ids : undefined;
    });
    expect(found).toContain(scannedId);
  }, 180_000);

  it("the API serves the upload and the processed chunks with its own role", async () => {
    const content = await fetch(`${shape.apiUrl}/documents/${documentId}/content`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(content.status).toBe(200);
    expect(await content.text()).toContain("tide tables");
    const chunks = await call(alice, "GET", `/documents/${documentId}/chunks`);
    expect(chunks.status, JSON.stringify(chunks.json)).toBe(200);
  });

  it("reprocesses a tenant's documents through SQS, with each task's own role", async () => {
    const before = (await call(alice, "GET", `/documents/${documentId}`)).json;
    const started = await call(alice, "POST", "/reprocess", { filter: { status: "PROCESSED" } });
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    const job = await waitFor(
      "the reprocess job",
      async () => {
        const got = await call(alice, "GET", `/jobs/${started.json.jobId}`);
        return got.json.status === "SUCCEEDED" ? got.json : undefined;
      },
      120_000,
    );
    expect(job).toMatchObject({ failed: 0, listed: true });
    expect(job.processed).toBeGreaterThanOrEqual(1);
    const after = (await call(alice, "GET", `/documents/${documentId}`)).json;
    expect(after.processedAt > before.processedAt).toBe(true);
    // Another tenant cannot see the job.
    expect((await call(bob, "GET", `/jobs/${started.json.jobId}`)).status).toBe(404);
  }, 180_000);

  it("a user of another tenant gets 404 and no results", async () => {
    expect((await call(bob, "GET", `/documents/${documentId}`)).status).toBe(404);
    const search = await call(bob, "POST", "/search", { query: "tide tables Norwich", mode: "hybrid" });
    expect(search.status).toBe(200);
    expect(search.json.results).toEqual([]);
  });

  it("a grant the worker uses, removed from its role, is AccessDenied as on AWS", async () => {
    const iam = new IAMClient({
      region: "us-east-1",
      endpoint: shape.operator.endpoint,
      credentials: shape.operator.credentials,
    });
    const role = shape.tasks.worker.taskRoleArn.split("/").at(-1) as string;
    const policyName = "docworker-worker";
    const { PolicyDocument } = await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: policyName }));
    const original = decodeURIComponent(PolicyDocument ?? "");
    const document = JSON.parse(original) as { Statement: { Sid?: string }[] };
    document.Statement = document.Statement.filter((s) => s.Sid !== "ReadRawInput");
    await iam.send(
      new PutRolePolicyCommand({ RoleName: role, PolicyName: policyName, PolicyDocument: JSON.stringify(document) }),
    );
    try {
      const denied = await upload(alice, "denied.txt", "Nobody may read this one.");
      await waitFor("the worker's AccessDenied", async () =>
        tail(shape.workers[0]?.logFile ?? "", 200).includes("was denied (403)") ? true : undefined,
      );
      expect((await call(alice, "GET", `/documents/${denied}`)).json.status).not.toBe("PROCESSED");
    } finally {
      await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: policyName, PolicyDocument: original }));
    }
  });
});
