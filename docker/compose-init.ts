// The compose stack's init step: creates on LocalStack the resources the emulated stack's
// bootstrap (scripts/emulated/bootstrap.ts) creates, with the same helpers and names, except the
// Cognito user pool: Cognito is not in LocalStack's free edition, so compose runs the API with
// AUTH_MODE=none (one default tenant). Runs in its own image (docker/Dockerfile.dev-provisioning),
// where the workspace root is not an installed package, hence the path to the helpers:
//   node docker/compose-init.ts
import {
  ensureBucket,
  ensureMetadataTable,
  ensureQueueWithDeadLetterQueue,
  ensureS3EventRule,
} from "../packages/dev-provisioning/src/index.ts";

const env = process.env;
const endpoint = env.AWS_ENDPOINT_URL;
if (!endpoint) throw new Error("AWS_ENDPOINT_URL is not set");
const config = {
  region: env.AWS_REGION ?? "us-east-1",
  endpoint,
  credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? "test", secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? "test" },
};
const names = {
  rawBucket: env.RAW_BUCKET ?? "raw-input",
  processedBucket: env.PROCESSED_BUCKET ?? "processed-output",
  ingestQueue: env.INGEST_QUEUE_NAME ?? "docworker-ingest",
  metadataTable: env.METADATA_TABLE ?? "docworker-documents",
  ingestRule: env.INGEST_RULE_NAME ?? "docworker-raw-input-events",
};

const s3 = { ...config, forcePathStyle: true };
await ensureBucket(s3, names.rawBucket, { eventBridge: true });
await ensureBucket(s3, names.processedBucket);
const queue = await ensureQueueWithDeadLetterQueue(config, {
  name: names.ingestQueue,
  maxReceiveCount: Number(env.INGEST_MAX_RECEIVE_COUNT ?? 5),
  visibilityTimeoutSeconds: 300,
});
const ruleArn = await ensureS3EventRule(
  { eventBridge: config, sqs: config },
  { ruleName: names.ingestRule, bucket: names.rawBucket, queueUrl: queue.queueUrl, queueArn: queue.queueArn },
);
await ensureMetadataTable(config, names.metadataTable);
console.log(JSON.stringify({ ...names, ingestQueueUrl: queue.queueUrl, dlqUrl: queue.deadLetterQueueUrl, ruleArn }));
