import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { DeleteRuleCommand, RemoveTargetsCommand } from "@aws-sdk/client-eventbridge";
import { DeleteQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { waitFor } from "@docworker/contract-tests";
import { decodeS3EventBridgeMessage, documentKeyForObject, type ObjectEvent } from "@docworker/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BootstrapOutputs, bootstrapEmulatedStack } from "../../../../scripts/emulated/bootstrap.ts";
import { DynamoMetadataStore, S3BlobStore, SqsEventSource } from "../../src/index.ts";
import { emulatedClients, emulatedS3Config, uniqueName } from "../support/aws-clients.ts";
import { emptyAndDeleteBucket } from "../support/cleanup.ts";
import { ensureEmulatedStack } from "../support/emulated-stack.ts";

const names = {
  rawBucket: uniqueName("e2e-raw"),
  processedBucket: uniqueName("e2e-processed"),
  ingestQueue: uniqueName("e2e-ingest"),
  metadataTable: uniqueName("e2e-documents"),
  ingestRule: uniqueName("e2e-rule"),
};
let env: Record<string, string>;
let clients: ReturnType<typeof emulatedClients>;
let outputs: BootstrapOutputs;

beforeAll(async () => {
  env = (await ensureEmulatedStack()).env;
  clients = emulatedClients(env);
  outputs = await bootstrapEmulatedStack(env, { names, maxReceiveCount: 3, visibilityTimeoutSeconds: 10 });
});

afterAll(async () => {
  await clients.eventBridge.send(new RemoveTargetsCommand({ Rule: names.ingestRule, Ids: ["ingest-queue"] }));
  await clients.eventBridge.send(new DeleteRuleCommand({ Name: names.ingestRule }));
  await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: outputs.INGEST_QUEUE_URL }));
  await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: outputs.DLQ_URL }));
  await emptyAndDeleteBucket(clients.s3, names.rawBucket);
  await emptyAndDeleteBucket(clients.s3, names.processedBucket);
  await clients.dynamodb.send(new DeleteTableCommand({ TableName: names.metadataTable }));
  for (const client of Object.values(clients)) client.destroy();
});

describe("S3 -> EventBridge -> SQS -> SqsEventSource, wired by the emulated bootstrap", () => {
  it("wires the queue with a redrive policy to its DLQ, and is idempotent", async () => {
    const again = await bootstrapEmulatedStack(env, { names, maxReceiveCount: 3, visibilityTimeoutSeconds: 10 });
    expect(again).toEqual(outputs);
    const { Attributes } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: outputs.INGEST_QUEUE_URL, AttributeNames: ["All"] }),
    );
    expect(JSON.parse(Attributes?.RedrivePolicy ?? "{}")).toMatchObject({ maxReceiveCount: 3 });
    const policy = JSON.parse(Attributes?.Policy ?? "{}");
    expect(policy.Statement[0]).toMatchObject({
      Principal: { Service: "events.amazonaws.com" },
      Condition: { ArnEquals: { "aws:SourceArn": outputs.INGEST_RULE_ARN } },
    });
  });

  it("delivers an upload through a pre-signed URL and its delete as events the worker can claim", async () => {
    const blobs = new S3BlobStore({ clientConfig: emulatedS3Config(env) });
    const metadata = new DynamoMetadataStore({ client: clients.dynamodb, tableName: outputs.METADATA_TABLE });
    const source = new SqsEventSource({ client: clients.sqs, queueUrl: outputs.INGEST_QUEUE_URL, waitTimeSeconds: 1 });
    const events: ObjectEvent[] = [];
    const ignored: string[] = [];
    source.start(
      async (message) => {
        const decoded = decodeS3EventBridgeMessage(message.body);
        if (decoded.kind === "event") events.push(decoded.event);
        else ignored.push(decoded.detailType);
        return { action: "ack" };
      },
      { concurrency: 2 },
    );
    try {
      const ref = { bucket: outputs.RAW_BUCKET, key: "tenants/acme/documents/doc_0123456789abcdef/report.pdf" };
      const target = await blobs.createUploadUrl(ref, {
        contentType: "application/pdf",
        maxBytes: 1024,
        expiresInSeconds: 60,
        metadata: { team: "blue" },
      });
      const upload = await fetch(target.url, { method: "PUT", headers: target.headers, body: "%PDF-1.4 e2e" });
      expect(upload.status).toBe(200);
      await waitFor(() => events.length === 1, 10_000, "the Object Created event");
      const createdEvent = events[0];
      if (createdEvent?.type !== "ObjectCreated") throw new Error(`unexpected ${createdEvent?.type}`);
      const stored = await blobs.get(ref);
      expect(createdEvent).toMatchObject({ object: ref, version: stored?.etag, etag: stored?.etag });

      const key = documentKeyForObject(createdEvent.object, "default");
      expect(key).toEqual({ tenantId: "acme", documentId: "doc_0123456789abcdef" });
      const claim = await metadata.claim({
        key,
        event: createdEvent,
        filename: "report.pdf",
        now: new Date(),
        leaseMs: 60_000,
      });
      expect(claim.outcome).toBe("claimed");

      await blobs.delete(ref);
      await waitFor(() => events.length === 2, 10_000, "the Object Deleted event");
      const deletedEvent = events[1];
      if (deletedEvent?.type !== "ObjectDeleted") throw new Error(`unexpected ${deletedEvent?.type}`);
      expect(deletedEvent.object).toEqual(ref);
      expect((await metadata.markDeleted(key, deletedEvent, new Date())).applied).toBe(true);
      // The rule lets only creations and deletions through ("Object Tags Added" stays out).
      expect(ignored).toEqual([]);
    } finally {
      await source.stop({ graceMs: 1000 });
      blobs.destroy();
    }
  });
});
