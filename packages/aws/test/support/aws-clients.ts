import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";

/** Region, endpoint and the dummy credentials of the emulated stack, for any SDK v3 client. */
export function emulatedClientConfig(env: Record<string, string>) {
  const endpoint = env.AWS_ENDPOINT_URL;
  if (!endpoint) throw new Error("AWS_ENDPOINT_URL is missing from .docworker/emulated.env");
  return {
    region: env.AWS_REGION ?? "us-east-1",
    endpoint,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? "test", secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? "test" },
  };
}

export function emulatedS3Config(env: Record<string, string>): S3ClientConfig {
  return { ...emulatedClientConfig(env), forcePathStyle: true };
}

export function emulatedClients(env: Record<string, string>) {
  const config = emulatedClientConfig(env);
  return {
    s3: new S3Client(emulatedS3Config(env)),
    dynamodb: new DynamoDBClient(config),
    sqs: new SQSClient(config),
    eventBridge: new EventBridgeClient(config),
    kms: new KMSClient(config),
  };
}

/**
 * A name no other test run uses: lower case letters, digits and dashes, valid for buckets,
 * queues, tables and rules alike (at most 63 characters).
 */
export function uniqueName(prefix: string): string {
  const suffix = `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  return `${prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .slice(0, 63 - suffix.length - 1)}-${suffix}`;
}
