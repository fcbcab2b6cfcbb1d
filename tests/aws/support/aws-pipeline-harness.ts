import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DynamoMetadataStore } from "@docworker/aws";
import { startBedrockStandIn } from "@docworker/bedrock-stand-in";
import { queueDepth } from "@docworker/deployed-shape";
import { openRuntime } from "@docworker/runtime";
import { ensureEmulatedStack } from "../../../packages/aws/test/support/emulated-stack.ts";
import { createPrivatePipeline } from "../../../scripts/emulated/private-pipeline.ts";

export type AwsHarness = Awaited<ReturnType<typeof openAwsHarness>>;

/**
 * A private copy of the production wiring on the emulated stack: its own buckets (EventBridge
 * notifications on), rule, queue with DLQ, table and index, and its own Bedrock stand-in. The
 * env it returns is what a worker or API process on AWS would be given.
 */
export async function openAwsHarness(
  options: { visibilityTimeoutSeconds?: number; extraEnv?: Record<string, string> } = {},
) {
  const { env: emulated } = await ensureEmulatedStack();
  const bedrock = await startBedrockStandIn({ port: 0, host: "127.0.0.1" });
  const { outputs, env } = await createPrivatePipeline(emulated, {
    bedrockUrl: bedrock.url,
    ...(options.visibilityTimeoutSeconds === undefined
      ? {}
      : { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }),
    extraEnv: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", ...options.extraEnv },
  });
  const clientConfig = {
    region: emulated.AWS_REGION ?? "us-east-1",
    endpoint: emulated.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  };
  const s3 = new S3Client({ ...clientConfig, forcePathStyle: true });
  const sqs = new SQSClient(clientConfig);
  const opensearch = emulated.OPENSEARCH_URL as string;
  const metadata = new DynamoMetadataStore({ tableName: outputs.METADATA_TABLE, clientConfig });

  return {
    env,
    bedrock,
    s3,
    sqs,
    rawBucket: outputs.RAW_BUCKET,
    processedBucket: outputs.PROCESSED_BUCKET,
    queueUrl: outputs.INGEST_QUEUE_URL,
    dlqUrl: outputs.DLQ_URL,
    index: env.OPENSEARCH_INDEX as string,
    /** What the API does when it starts: create the index, which a worker-only process only checks. */
    async createIndexAsTheApiDoes() {
      const api = await openRuntime({ env, serves: ["api"], name: "docworker-api" });
      await api.close();
    },
    /** The record as stored, bookkeeping included (the API hides the sequencer). */
    record: (documentId: string, tenantId = "default") => metadata.get({ tenantId, documentId }),
    putObject: (key: string, body: string | Uint8Array, contentType = "text/plain") =>
      s3.send(new PutObjectCommand({ Bucket: outputs.RAW_BUCKET, Key: key, Body: body, ContentType: contentType })),
    deleteObject: (key: string) => s3.send(new DeleteObjectCommand({ Bucket: outputs.RAW_BUCKET, Key: key })),
    sendMessage: (body: string) =>
      sqs.send(new SendMessageCommand({ QueueUrl: outputs.INGEST_QUEUE_URL, MessageBody: body })),
    /** Visible + in flight + delayed messages on a queue. */
    queueDepth: (url = outputs.INGEST_QUEUE_URL) => queueDepth(sqs, url),
    async receiveDeadLetters(): Promise<string[]> {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: outputs.DLQ_URL, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      return Messages.map((m) => m.Body ?? "");
    },
    /** Chunks stored for a document, after a refresh (the emulated node only; Serverless has none). */
    async chunksInIndex(documentId: string): Promise<number> {
      await fetch(`${opensearch}/${env.OPENSEARCH_INDEX}/_refresh`, { method: "POST" });
      const response = await fetch(`${opensearch}/${env.OPENSEARCH_INDEX}/_count`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: { term: { document_id: documentId } } }),
      });
      return ((await response.json()) as { count: number }).count;
    },
    async close() {
      await bedrock.stop();
      s3.destroy();
      sqs.destroy();
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
