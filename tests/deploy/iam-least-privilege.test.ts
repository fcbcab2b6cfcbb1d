// The task roles grant exactly the AWS actions the code in packages/aws sends, on the resources
// each service uses them for. The actions are derived from the source: every `new XCommand` per
// AWS SDK client (plus sqs-consumer's, which the SQS event source drives), and the OpenSearch
// client. A new SDK call without a grant, or a grant nothing calls, fails this test.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Body, blocks, loadTerraform, ROOT, ref, strings, type Terraform } from "./support/terraform.ts";

const AWS_SRC = join(ROOT, "packages/aws/src");

const PREFIX_BY_CLIENT: Record<string, string> = {
  "@aws-sdk/client-s3": "s3",
  "@aws-sdk/client-dynamodb": "dynamodb",
  "@aws-sdk/lib-dynamodb": "dynamodb",
  "@aws-sdk/client-sqs": "sqs",
  "@aws-sdk/client-bedrock-runtime": "bedrock",
  "@aws-sdk/client-bedrock-agent-runtime": "bedrock",
  "@aws-sdk/client-textract": "textract",
};

/**
 * Actions without resource-level permissions (Textract's, Bedrock's Rerank): granted on "*" only,
 * pinned to the deployment's region by a condition, in their own statement.
 */
const NO_RESOURCE_ARNS = /^(textract:|bedrock:Rerank$)/;

/** Actions that IAM authorises with a second action as well, on the resource the request names. */
const ALSO_AUTHORISED_BY: Record<string, string[]> = {
  "bedrock:Rerank": ["bedrock:InvokeModel"], // on the rerank model's foundation-model ARN
};

/** SDK command -> IAM action where the names differ. */
const ACTION_OF: Record<string, string> = {
  "dynamodb:Get": "dynamodb:GetItem",
  "dynamodb:Put": "dynamodb:PutItem",
  "dynamodb:Update": "dynamodb:UpdateItem",
  "dynamodb:Delete": "dynamodb:DeleteItem",
  "bedrock:Converse": "bedrock:InvokeModel", // Converse is authorised by bedrock:InvokeModel
  "sqs:DeleteMessageBatch": "sqs:DeleteMessage", // batch calls are authorised by the single action
  "sqs:ChangeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
  "sqs:SendMessageBatch": "sqs:SendMessage",
};

type Role = "worker" | "api";
/** Which service uses each call site, and on what (a reference that must be in the grant's resources). */
const USES: Record<string, Partial<Record<Role, string | string[]>>> = {
  // The worker reads uploads; the api serves them (/content) and the processed JSON (/chunks).
  "s3/s3-blob-store.ts s3:GetObject": { worker: "aws_s3_bucket.raw", api: "aws_s3_bucket.processed" },
  // The worker writes processed JSON and the files of zip archives (as new uploads); the api
  // pre-signs the client's upload to raw-input.
  "s3/s3-blob-store.ts s3:PutObject": {
    worker: ["aws_s3_bucket.processed", "aws_s3_bucket.raw"],
    api: "aws_s3_bucket.raw",
  },
  "s3/s3-blob-store.ts s3:DeleteObject": { worker: "aws_s3_bucket.processed", api: "aws_s3_bucket.raw" },
  "dynamodb/dynamo-metadata-store.ts dynamodb:GetItem": {
    worker: "aws_dynamodb_table.metadata",
    api: "aws_dynamodb_table.metadata",
  },
  "dynamodb/dynamo-metadata-store.ts dynamodb:PutItem": {
    worker: "aws_dynamodb_table.metadata",
    api: "aws_dynamodb_table.metadata",
  },
  "dynamodb/dynamo-metadata-store.ts dynamodb:UpdateItem": { worker: "aws_dynamodb_table.metadata" },
  // Listings (api) and a reprocess job's pages (worker).
  "dynamodb/dynamo-metadata-store.ts dynamodb:Query": {
    api: "aws_dynamodb_table.metadata",
    worker: "aws_dynamodb_table.metadata",
  },
  // Reprocess jobs: the api creates and reads them, the worker counts their progress.
  "dynamodb/dynamo-job-store.ts dynamodb:PutItem": { api: "aws_dynamodb_table.metadata" },
  // The worker reads a re-embedding job's counters to know when its last document is done.
  "dynamodb/dynamo-job-store.ts dynamodb:GetItem": {
    api: "aws_dynamodb_table.metadata",
    worker: "aws_dynamodb_table.metadata",
  },
  // The vector-space pointer: the api starts filling a space, the worker switches to it.
  "dynamodb/dynamo-vector-space-pointer.ts dynamodb:GetItem": {
    api: "aws_dynamodb_table.metadata",
    worker: "aws_dynamodb_table.metadata",
  },
  "dynamodb/dynamo-vector-space-pointer.ts dynamodb:PutItem": {
    api: "aws_dynamodb_table.metadata",
    worker: "aws_dynamodb_table.metadata",
  },
  "dynamodb/dynamo-job-store.ts dynamodb:UpdateItem": { worker: "aws_dynamodb_table.metadata" },
  // Reprocess requests (api) and a job's pages and documents (worker) go through the ingest queue.
  "sqs/sqs-queue-publisher.ts sqs:SendMessage": { worker: "aws_sqs_queue.ingest", api: "aws_sqs_queue.ingest" },
  "sqs/sqs-event-source.ts sqs:ChangeMessageVisibility": { worker: "aws_sqs_queue.ingest" },
  "sqs/sqs-event-source.ts sqs:SendMessage": { worker: "aws_sqs_queue.dlq" },
  "sqs/dead-letter-queue.ts sqs:GetQueueAttributes": { worker: "aws_sqs_queue.ingest" },
  "sqs/dead-letter-queue.ts sqs:GetQueueUrl": { worker: "aws_sqs_queue.dlq" },
  "sqs-consumer sqs:ReceiveMessage": { worker: "aws_sqs_queue.ingest" },
  "sqs-consumer sqs:DeleteMessage": { worker: "aws_sqs_queue.ingest" },
  "sqs-consumer sqs:ChangeMessageVisibility": { worker: "aws_sqs_queue.ingest" },
  // Query embeddings (api) and document embeddings (worker); extraction is the worker's only.
  "bedrock/titan-embedder.ts bedrock:InvokeModel": {
    worker: "local.bedrock_model_arns",
    api: "local.bedrock_model_arns.embedding",
  },
  "bedrock/converse-extractor.ts bedrock:InvokeModel": { worker: "local.bedrock_model_arns" },
  // Classification: the extraction model by default, so the same grant.
  "bedrock/converse-classifier.ts bedrock:InvokeModel": { worker: "local.bedrock_model_arns" },
  // Document embeddings with Cohere Embed, when BEDROCK_EMBEDDING_MODEL_ID names it: the same grant as Titan's.
  "bedrock/cohere-embedder.ts bedrock:InvokeModel": {
    worker: "local.bedrock_model_arns",
    api: "local.bedrock_model_arns.embedding",
  },
  // Reranking (billed per query), only while bedrock_rerank_model_id is set (checked below).
  "bedrock/bedrock-reranker.ts bedrock:Rerank": { api: "*" },
  "bedrock/bedrock-reranker.ts bedrock:InvokeModel": { api: "local.bedrock_rerank_model_arns" },
  // Scanned pages and images; multi-page PDFs in S3 as asynchronous jobs (Textract has no resource ARNs).
  "textract/textract-recognizer.ts textract:DetectDocumentText": { worker: "*" },
  "textract/textract-recognizer.ts textract:AnalyzeDocument": { worker: "*" },
  "textract/textract-recognizer.ts textract:StartDocumentTextDetection": { worker: "*" },
  "textract/textract-recognizer.ts textract:GetDocumentTextDetection": { worker: "*" },
  "textract/textract-recognizer.ts textract:StartDocumentAnalysis": { worker: "*" },
  "textract/textract-recognizer.ts textract:GetDocumentAnalysis": { worker: "*" },
  "opensearch aoss:APIAccessAll": {
    worker: "aws_opensearchserverless_collection.chunks",
    api: "aws_opensearchserverless_collection.chunks",
  },
};

/** SSE-KMS: the worker reads and writes encrypted objects and messages; the api signs SSE-KMS uploads. */
const KMS: Record<Role, string[]> = {
  worker: ["kms:Decrypt", "kms:GenerateDataKey"],
  api: ["kms:Decrypt", "kms:GenerateDataKey"],
};

/**
 * Permissions that no call sends but that change how a call the code makes behaves. Each names the
 * file that relies on it (which must say so, naming the action) and, per service, the exact
 * resource it is granted on.
 */
const CHANGES_BEHAVIOUR: Record<string, { reliedOnIn: string; why: string } & Partial<Record<Role, string[]>>> = {
  "s3:ListBucket": {
    reliedOnIn: "s3/s3-blob-store.ts",
    why: "GetObject of a missing key answers 404 (not 403) only with ListBucket on the bucket",
    worker: ["aws_s3_bucket.raw.arn"],
    api: ["aws_s3_bucket.raw.arn", "aws_s3_bucket.processed.arn"],
  },
};

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listTs(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

/** "file action" for every AWS call the runtime code of packages/aws makes. */
function callSitesInCode(): Set<string> {
  const sites = new Set<string>();
  for (const file of listTs(AWS_SRC)) {
    const rel = relative(AWS_SRC, file);
    const text = readFileSync(file, "utf8");
    const commandClient = new Map<string, string>();
    for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"(@aws-sdk\/[\w-]+)"/g)) {
      for (const name of (m[1] ?? "").split(",").map((s) => s.replace(/^\s*type\s+/, "").trim())) {
        if (name.endsWith("Command")) commandClient.set(name, m[2] as string);
      }
    }
    // A client loaded on first use (`import("@aws-sdk/client-s3")`) sends `new sdk.GetObjectCommand(...)`.
    const loaded = [
      ...new Set([...text.matchAll(/import\("(@aws-sdk\/client-[\w-]+)"\)/g)].map((m) => m[1] as string)),
    ];
    for (const m of text.matchAll(/new (?:(\w+)\.)?(\w+)Command\(/g)) {
      const [, namespace, command] = m;
      if (namespace && loaded.length !== 1)
        throw new Error(`${rel}: new ${namespace}.${command}Command from ${loaded.length} loaded clients`);
      const client = namespace ? loaded[0] : commandClient.get(`${command}Command`);
      if (!client) throw new Error(`${rel}: new ${command}Command from an unknown import`);
      const prefix = PREFIX_BY_CLIENT[client];
      if (!prefix) throw new Error(`${rel}: ${client} has no IAM prefix in this test: add it`);
      const action = ACTION_OF[`${prefix}:${command}`] ?? `${prefix}:${command}`;
      for (const granted of [action, ...(ALSO_AUTHORISED_BY[action] ?? [])]) sites.add(`${rel} ${granted}`);
    }
    if (/from "@opensearch-project\/opensearch"/.test(text) && /this\.#client\.|client\.(bulk|search)/.test(text)) {
      sites.add("opensearch aoss:APIAccessAll");
    }
  }
  // sqs-consumer sends its own commands with the event source's client.
  const require = createRequire(join(ROOT, "packages/aws/package.json"));
  const consumerDist = dirname(require.resolve("sqs-consumer"));
  for (const file of readdirSync(consumerDist).filter((f) => f.endsWith(".js"))) {
    for (const m of readFileSync(join(consumerDist, file), "utf8").matchAll(
      /new (?:client_sqs_\d+\.)?(\w+)Command\(/g,
    )) {
      sites.add(`sqs-consumer ${ACTION_OF[`sqs:${m[1]}`] ?? `sqs:${m[1]}`}`);
    }
  }
  return sites;
}

interface Grant {
  actions: string[];
  resources: string[];
  conditions: Body[];
  /** A dynamic statement's for_each: the grant exists only while it is not empty. */
  onlyWhile?: string;
}

/** The statements of every policy attached to the role's task role (iam.tf, textract.tf). */
function grantsOf(tf: Terraform, role: Role): Grant[] {
  const attached = Object.values(tf.resource.aws_iam_role_policy ?? {}).filter(
    (policy) => (policy as Body).role === ref(`aws_iam_role.${role}_task.id`),
  );
  return attached.flatMap((policy) => {
    const name = /data\.aws_iam_policy_document\.(\w+)\.json/.exec(String((policy as Body).policy))?.[1] ?? "";
    const doc = tf.data.aws_iam_policy_document?.[name] as Body;
    const grant = (s: Body, onlyWhile?: string): Grant => ({
      actions: s.actions as string[],
      resources: strings(s.resources),
      conditions: blocks(s, "condition"),
      ...(onlyWhile ? { onlyWhile } : {}),
    });
    const dynamic = blocks(blocks(doc, "dynamic")[0], "statement").flatMap((d) =>
      blocks(d, "content").map((s) => grant(s, String(d.for_each))),
    );
    return [...blocks(doc, "statement").map((s) => grant(s)), ...dynamic];
  });
}

let tf: Terraform;
let sites: Set<string>;
beforeAll(async () => {
  tf = await loadTerraform();
  sites = callSitesInCode();
});

describe("task roles grant exactly what packages/aws calls", () => {
  it("finds the calls in the source", () => {
    expect(sites.size).toBeGreaterThan(10);
    expect(sites).toContain("s3/s3-blob-store.ts s3:GetObject");
    expect(sites).toContain("sqs-consumer sqs:ReceiveMessage");
  });

  it("assigns every call site in the code to a service (and no stale ones)", () => {
    expect([...sites].sort()).toEqual(Object.keys(USES).sort());
  });

  for (const role of ["worker", "api"] as const) {
    it(`${role}: grants exactly the actions of its call sites, plus KMS for SSE-KMS`, () => {
      const expected = new Set([...KMS[role]]);
      for (const [site, uses] of Object.entries(USES)) if (uses[role]) expected.add(site.split(" ")[1] as string);
      for (const [action, grant] of Object.entries(CHANGES_BEHAVIOUR)) if (grant[role]) expected.add(action);
      const granted = grantsOf(tf, role).flatMap((g) => g.actions);
      expect(new Set(granted).size, "an action granted twice").toBe(granted.length);
      expect([...granted].sort()).toEqual([...expected].sort());
    });

    it(`${role}: grants each action on the resources its code uses it for`, () => {
      const grants = grantsOf(tf, role);
      for (const [site, uses] of Object.entries(USES)) {
        if (!uses[role]) continue;
        const action = site.split(" ")[1] as string;
        for (const target of [uses[role]].flat()) {
          const grant = grants.find(
            (g) => g.actions.includes(action) && g.resources.some((r) => target === "*" || r.includes(target)),
          );
          if (NO_RESOURCE_ARNS.test(action)) {
            expect(grant?.resources, `${role} ${action}`).toEqual(["*"]);
            expect(
              grant?.actions.every((a) => NO_RESOURCE_ARNS.test(a)),
              `${action} in a statement of its own`,
            ).toBe(true);
            expect(grant?.conditions.map((c) => c.variable)).toContain("aws:RequestedRegion");
            continue;
          }
          expect(
            grant?.resources.some((r) => r.includes(target)),
            `${role} ${action} on ${target}`,
          ).toBe(true);
          expect(
            grant?.resources.some((r) => r === "*" || r.endsWith(":*")),
            `${role} ${action} on *`,
          ).toBe(false);
        }
      }
      for (const grant of grants)
        for (const action of grant.actions) expect(action, "wildcard action").not.toMatch(/\*/);
    });
  }

  for (const [action, grant] of Object.entries(CHANGES_BEHAVIOUR)) {
    it(`grants ${action}, which changes behaviour without a call of its own (${grant.why})`, () => {
      expect(readFileSync(join(AWS_SRC, grant.reliedOnIn), "utf8"), `${grant.reliedOnIn} names ${action}`).toContain(
        action,
      );
      for (const role of ["worker", "api"] as const) {
        const statements = grantsOf(tf, role).filter((g) => g.actions.includes(action));
        const target = grant[role];
        if (!target) {
          expect(statements, `${role} must not hold ${action}`).toEqual([]);
          continue;
        }
        expect(
          statements.flatMap((g) => g.resources),
          `${role} ${action}`,
        ).toEqual(target.map(ref));
      }
    });
  }

  // deploy/tests/model-grants.tftest.hcl evaluates the same grants with the variable set and unset.
  it("grants Rerank only while bedrock_rerank_model_id is set, and invokes only that rerank model", () => {
    const rerank = grantsOf(tf, "api").filter((g) => g.actions.includes("bedrock:Rerank"));
    expect(rerank).toHaveLength(1);
    expect(rerank[0]?.onlyWhile).toBe(ref('var.bedrock_rerank_model_id == "" ? [] : [1]'));
    expect(tf.locals.bedrock_rerank_model_arns).toContain('var.bedrock_rerank_model_id == "" ? []');
    expect(tf.locals.bedrock_rerank_model_arns).toContain(`::foundation-model/${ref("var.bedrock_rerank_model_id")}`);
    for (const g of grantsOf(tf, "worker")) expect(g.resources.join(" ")).not.toContain("bedrock_rerank_model_arns");
  });

  it("keeps the execution role apart from the task roles", () => {
    const task = tf.resource.aws_ecs_task_definition?.service as Body;
    expect(task.execution_role_arn).toBe(ref("aws_iam_role.execution.arn"));
    expect(tf.locals.task_role_arns).toEqual({
      worker: ref("aws_iam_role.worker_task.arn"),
      api: ref("aws_iam_role.api_task.arn"),
    });
  });

  // The per-principal OpenSearch data-access rules: tests/deploy/opensearch-data-access.test.ts.
});
