// On ECS the API and the worker run as two tasks, each with its own task definition's
// environment: the API's has no queue, the worker's no Cognito pool. Each runtime must open only
// the adapters and read only the settings its service uses, and the index must exist before the
// first upload whatever the worker's scaling (the API creates it; the worker only checks it).
import { openRuntime } from "@docworker/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsHarness, openAwsHarness } from "./support/aws-pipeline-harness.ts";

let h: AwsHarness;
beforeAll(async () => {
  h = await openAwsHarness();
});
afterAll(() => h?.close());

function without(env: Record<string, string>, ...names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));
}

describe("each service opens only what it uses", () => {
  it("a worker started before any API finds no index and says who creates it", async () => {
    const env = { ...without(h.env, "AUTH_MODE"), OPENSEARCH_INDEX: `${h.index}-none` };
    await expect(openRuntime({ env, serves: ["worker"], name: "worker" })).rejects.toThrow(
      /does not exist yet: the API creates it/,
    );
  });

  it("the API starts without any queue setting and creates the index", async () => {
    const env = {
      ...without(h.env, "INGEST_QUEUE_URL", "DLQ_URL", "AUTH_MODE"),
      COGNITO_USER_POOL_ID: "us-east-1_example",
      COGNITO_CLIENT_ID: "example-client",
    };
    const api = await openRuntime({ env, serves: ["api"], name: "api" });
    try {
      expect(api.events).toBeUndefined();
      expect(api.config.auth).toMatchObject({ mode: "cognito" });
      const head = await fetch(`${h.env.OPENSEARCH_URL}/${h.index}`, { method: "HEAD" });
      expect(head.status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it("the worker starts without any Cognito setting, on the index the API created", async () => {
    const env = without(h.env, "AUTH_MODE", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID");
    const worker = await openRuntime({ env, serves: ["worker"], name: "worker" });
    try {
      expect(worker.events).toBeDefined();
      expect(worker.config.auth).toBeUndefined();
    } finally {
      await worker.close();
    }
  });
});
