import { DynamoMetadataStore, S3BlobStore } from "@docworker/aws";
// Neither is a dependency of bench: reached by path, as tests/aws does through its own imports.
import { startBedrockStandIn } from "../../../packages/bedrock-stand-in/src/index.ts";
import { createPrivatePipeline } from "../../../scripts/emulated/private-pipeline.ts";

export type AwsBenchStack = Awaited<ReturnType<typeof openAwsBenchStack>>;

/**
 * Private resources on the emulated stack, wired as production wires them (tests/aws's harness):
 * raw bucket with EventBridge notifications, rule → ingestion queue (+ DLQ), DynamoDB table, an
 * OpenSearch index of its own, and an in-process Bedrock stand-in. `env` is what a standalone
 * process on AWS would be given.
 */
export async function openAwsBenchStack(emulated: Record<string, string>) {
  const bedrock = await startBedrockStandIn({ port: 0, host: "127.0.0.1" });
  const { outputs, env } = await createPrivatePipeline(emulated, {
    prefix: "bench-",
    bedrockUrl: bedrock.url,
    extraEnv: { WORKER_CONCURRENCY: "4" },
  });
  const clientConfig = {
    region: emulated.AWS_REGION ?? "us-east-1",
    endpoint: emulated.AWS_ENDPOINT_URL as string,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  };
  const blobs = new S3BlobStore({ clientConfig: { ...clientConfig, forcePathStyle: true } });
  const metadata = new DynamoMetadataStore({ tableName: outputs.METADATA_TABLE, clientConfig });
  return {
    env,
    rawBucket: outputs.RAW_BUCKET,
    /** S3 PutObject into the raw bucket: moto emits the EventBridge event the rule sends to SQS. */
    putRaw: (key: string, bytes: Uint8Array, contentType: string) =>
      blobs.put({ bucket: outputs.RAW_BUCKET, key }, bytes, { contentType }),
    status: async (documentId: string) => (await metadata.get({ tenantId: "default", documentId }))?.status,
    async close() {
      await bedrock.stop();
      blobs.destroy();
    },
  };
}
