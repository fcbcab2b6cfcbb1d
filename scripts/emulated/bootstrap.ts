// Creates, on the emulated stack, the AWS resources the pipeline needs, the way production wires
// them, and appends their names to .docworker/emulated.env. Idempotent: run it as often as you like.
//
//   node scripts/emulated/bootstrap.ts          (the project's Node 24; the stack must be up)
//
// Names: RAW_BUCKET, PROCESSED_BUCKET, INGEST_QUEUE_NAME, METADATA_TABLE, INGEST_RULE_NAME from the
// environment, else the file, else the defaults below (the raw and processed defaults match
// loadCoreConfig's). INGEST_MAX_RECEIVE_COUNT (default 5) is the DLQ redrive threshold: keep it
// at least WORKER_MAX_ATTEMPTS, or SQS dead-letters a message before the worker's last attempt.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
// The AWS SDK is out of this folder's reach: the helpers take plain client configs and make (and
// close) their clients themselves.
import {
  DEFAULT_DEV_PASSWORD,
  DEV_USERS,
  ensureBucket,
  ensureDevUserPool,
  ensureMetadataTable,
  ensureQueueWithDeadLetterQueue,
  ensureS3EventRule,
} from "@docworker/dev-provisioning";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const ENV_FILE = join(ROOT, ".docworker", "emulated.env");
const COGNITO_POOL_NAME = "docworker";
const COGNITO_CLIENT_NAME = "docworker-cli";

export interface BootstrapNames {
  rawBucket: string;
  processedBucket: string;
  ingestQueue: string;
  metadataTable: string;
  ingestRule: string;
}

export const DEFAULT_NAMES: BootstrapNames = {
  rawBucket: "raw-input",
  processedBucket: "processed-output",
  ingestQueue: "docworker-ingest",
  metadataTable: "docworker-documents",
  ingestRule: "docworker-raw-input-events",
};

export interface BootstrapOptions {
  names?: Partial<BootstrapNames>;
  maxReceiveCount?: number;
  /** Default visibility timeout of the ingestion queue (the worker extends it while it works). */
  visibilityTimeoutSeconds?: number;
}

/** The lines bootstrap adds to the env file, by key. */
export type BootstrapOutputs = Record<
  | "RAW_BUCKET"
  | "PROCESSED_BUCKET"
  | "INGEST_QUEUE_URL"
  | "DLQ_URL"
  | "METADATA_TABLE"
  | "INGEST_RULE_ARN"
  | "COGNITO_USER_POOL_ID"
  | "COGNITO_CLIENT_ID"
  | "COGNITO_ISSUER"
  | "COGNITO_JWKS_URI",
  string
>;

/**
 * Creates (or brings up to date) on the stack at env.AWS_ENDPOINT_URL:
 * - the raw-input bucket (private, SSE-S3, versioning off: moto emits no "Object Deleted" for a
 *   delete marker) sending its events to EventBridge, and the processed-output bucket;
 * - the ingestion queue with its DLQ and redrive policy;
 * - the EventBridge rule (source aws.s3, Object Created/Deleted of the raw bucket) targeting the
 *   queue, and the queue policy for events.amazonaws.com with aws:SourceArn = the rule;
 * - the DynamoDB metadata table with its GSIs;
 * - the Cognito user pool `docworker` with its app client and the two dev users (see below).
 */
export async function bootstrapEmulatedStack(
  env: Record<string, string | undefined>,
  options: BootstrapOptions = {},
): Promise<BootstrapOutputs> {
  const names: BootstrapNames = { ...DEFAULT_NAMES, ...options.names };
  const endpoint = env.AWS_ENDPOINT_URL;
  if (!endpoint) throw new Error("AWS_ENDPOINT_URL is not set: start the stack with `make emulated-up`");
  const config = {
    region: env.AWS_REGION ?? "us-east-1",
    endpoint,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? "test", secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? "test" },
  };
  const s3 = { ...config, forcePathStyle: true };
  await ensureBucket(s3, names.rawBucket, { eventBridge: true });
  await ensureBucket(s3, names.processedBucket);
  const queue = await ensureQueueWithDeadLetterQueue(config, {
    name: names.ingestQueue,
    maxReceiveCount: options.maxReceiveCount ?? 5,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 300,
  });
  const ruleArn = await ensureS3EventRule(
    { eventBridge: config, sqs: config },
    { ruleName: names.ingestRule, bucket: names.rawBucket, queueUrl: queue.queueUrl, queueArn: queue.queueArn },
  );
  await ensureMetadataTable(config, names.metadataTable);

  // Cognito: the user pool `docworker` (custom:tenant), its app client for USER_PASSWORD_AUTH and
  // the dev users alice@acme.test (acme) and bob@globex.test (globex), whose password is
  // DOCWORKER_DEV_PASSWORD (default DEFAULT_DEV_PASSWORD, "Docworker-dev-1!"). moto signs with the
  // AWS-shaped issuer but serves the keys under its endpoint: hence both COGNITO_ISSUER and
  // COGNITO_JWKS_URI for the API (createCognitoAuthenticate).
  const cognito = await ensureDevUserPool(config, {
    poolName: COGNITO_POOL_NAME,
    clientName: COGNITO_CLIENT_NAME,
    users: DEV_USERS(env.DOCWORKER_DEV_PASSWORD || DEFAULT_DEV_PASSWORD),
  });
  // Placeholder: the OpenSearch index (OPENSEARCH_URL is in env) is created here by its owner.

  return {
    RAW_BUCKET: names.rawBucket,
    PROCESSED_BUCKET: names.processedBucket,
    INGEST_QUEUE_URL: queue.queueUrl,
    DLQ_URL: queue.deadLetterQueueUrl,
    METADATA_TABLE: names.metadataTable,
    INGEST_RULE_ARN: ruleArn,
    COGNITO_USER_POOL_ID: cognito.userPoolId,
    COGNITO_CLIENT_ID: cognito.clientId,
    COGNITO_ISSUER: cognito.issuer,
    COGNITO_JWKS_URI: cognito.jwksUri,
  };
}

function readEnvFile(file: string): { lines: string[]; values: Record<string, string> } {
  const lines = readFileSync(file, "utf8").split("\n");
  const values: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf("=");
    if (at > 0 && !line.trimStart().startsWith("#")) values[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { lines, values };
}

/** Replaces the keys' lines (a re-run changes nothing else) and moves the new file into place whole. */
function writeOutputs(file: string, lines: string[], outputs: Record<string, string>): void {
  const kept = lines.filter((line) => {
    const key = line.slice(0, line.indexOf("=")).trim();
    return !(key in outputs) && line !== BANNER;
  });
  while (kept.length > 0 && kept.at(-1) === "") kept.pop();
  const added = Object.entries(outputs).map(([key, value]) => `${key}=${value}`);
  writeFileSync(`${file}.tmp`, `${[...kept, BANNER, ...added].join("\n")}\n`);
  renameSync(`${file}.tmp`, file);
}

const BANNER = "# Added by scripts/emulated/bootstrap.ts: the pipeline's resources on this stack.";

async function main(): Promise<void> {
  let file: ReturnType<typeof readEnvFile>;
  try {
    file = readEnvFile(ENV_FILE);
  } catch {
    throw new Error(`${ENV_FILE} is missing: start the stack with \`make emulated-up\` first`);
  }
  const env = { ...file.values, ...process.env };
  const pick = (key: string) => process.env[key] || file.values[key] || undefined;
  const names: Partial<BootstrapNames> = {};
  const rawBucket = pick("RAW_BUCKET");
  const processedBucket = pick("PROCESSED_BUCKET");
  const ingestQueue = pick("INGEST_QUEUE_NAME");
  const metadataTable = pick("METADATA_TABLE");
  const ingestRule = pick("INGEST_RULE_NAME");
  if (rawBucket) names.rawBucket = rawBucket;
  if (processedBucket) names.processedBucket = processedBucket;
  if (ingestQueue) names.ingestQueue = ingestQueue;
  if (metadataTable) names.metadataTable = metadataTable;
  if (ingestRule) names.ingestRule = ingestRule;
  const maxReceiveCount = Number(process.env.INGEST_MAX_RECEIVE_COUNT ?? 5);
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
    throw new Error("INGEST_MAX_RECEIVE_COUNT must be an integer from 1 to 1000");
  }
  const started = Date.now();
  const outputs = await bootstrapEmulatedStack(env, { names, maxReceiveCount });
  writeOutputs(ENV_FILE, file.lines, outputs);
  process.stderr.write(`[emulated] bootstrap done in ${Date.now() - started}ms; added to .docworker/emulated.env:\n`);
  for (const [key, value] of Object.entries(outputs)) process.stderr.write(`  ${key}=${value}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`[emulated] bootstrap failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
