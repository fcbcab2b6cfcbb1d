import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { startBedrockStandIn } from "@docworker/bedrock-stand-in";
import { LocalstackContainer } from "@testcontainers/localstack";
import { OpenSearchContainer } from "@testcontainers/opensearch";
import { EMULATED_ENV_FILE } from "./emulated-stack.ts";

/**
 * The same emulated stack on Docker, for machines that have an engine (a laptop, most CI):
 * LocalStack for S3, SQS, EventBridge, DynamoDB and KMS, the official OpenSearch image with its
 * k-NN plugin (native faiss, unlike the Maven build), and the Bedrock stand-in in this process.
 * It writes the same .docworker/emulated.env, so every test runs unchanged. Selected with
 * EMULATED_BACKEND=testcontainers. Cognito is not in LocalStack's free edition: the auth tests
 * need the moto stack.
 *
 * Written for Docker and never run on the machines this project is built on, which have none.
 */
export async function startTestcontainersStack(): Promise<{ stop(): Promise<void> }> {
  const [localstack, opensearch, bedrock] = await Promise.all([
    new LocalstackContainer("localstack/localstack:4.10")
      .withEnvironment({ SERVICES: "s3,sqs,events,dynamodb,kms" })
      .start(),
    new OpenSearchContainer("opensearchproject/opensearch:2.19.1").withSecurityEnabled(false).start(),
    startBedrockStandIn({ port: 0, host: "127.0.0.1" }),
  ]);
  const lines = [
    "# Written by packages/aws/test/support/testcontainers-stack.ts",
    `AWS_ENDPOINT_URL=${localstack.getConnectionUri()}`,
    `OPENSEARCH_URL=${opensearch.getHttpUrl()}`,
    `BEDROCK_ENDPOINT_URL=${bedrock.url}`,
    "AWS_REGION=us-east-1",
    "AWS_DEFAULT_REGION=us-east-1",
    "AWS_ACCESS_KEY_ID=test",
    "AWS_SECRET_ACCESS_KEY=test",
  ];
  mkdirSync(dirname(EMULATED_ENV_FILE), { recursive: true });
  writeFileSync(EMULATED_ENV_FILE, `${lines.join("\n")}\n`);
  return {
    async stop() {
      await Promise.all([localstack.stop(), opensearch.stop(), bedrock.stop()]);
    },
  };
}
