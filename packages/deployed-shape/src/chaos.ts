// `make chaos`: the deployed shape (two worker processes) under 1,000 upload events — 300 of them
// duplicate deliveries (re-sent messages) and 100 out-of-order version pairs (one key written
// twice, the older event delivered last) — while one worker is SIGKILLed 30 times at random
// points and restarted. Then it checks that every key's record is at its newest version and was
// PROCESSED once, that OpenSearch holds exactly chunkCount chunks of it and none of an older
// version, one processed JSON per document, nothing PROCESSING and an empty DLQ. It prints the
// figures and exits 1 if one is off. Not part of `make test` (it runs for several minutes).
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  ListObjectsV2Command,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DynamoMetadataStore } from "../../aws/src/dynamodb/index.ts";
import { readEmulatedEnv } from "../../aws/test/support/emulated-stack.ts";
import { startDeployedShape } from "./index.ts";
import { queueDepth } from "./queue-depth.ts";

const EVENTS = Number(process.env.CHAOS_EVENTS ?? 1000);
const DUPLICATES = Number(process.env.CHAOS_DUPLICATES ?? 300);
const PAIRS = Number(process.env.CHAOS_PAIRS ?? 100);
const KILLS = Number(process.env.CHAOS_KILLS ?? 30);
const SINGLES = EVENTS - DUPLICATES - 2 * PAIRS;

const root = resolve(import.meta.dirname, "../../..");
const stateDir = resolve(root, ".docworker/deployed");
const emulated = readEmulatedEnv();
const moto = process.env.DEPLOYED_AWS_ENDPOINT as string;
const started = Date.now();
const log = (message: string) =>
  process.stderr.write(`[chaos +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`);

const shape = await startDeployedShape({
  root,
  stateDir,
  motoEndpoint: moto,
  opensearchUrl: emulated.OPENSEARCH_URL as string,
  bedrockUrl: emulated.BEDROCK_ENDPOINT_URL as string,
  textractUrl: emulated.TEXTRACT_ENDPOINT_URL as string,
  port: 0,
  workers: 2,
  logLevel: "info",
});
const config = {
  region: shape.operator.region,
  endpoint: shape.operator.endpoint,
  credentials: shape.operator.credentials,
};
const s3 = new S3Client({ ...config, forcePathStyle: true });
const sqs = new SQSClient(config);
const records = new DynamoMetadataStore({ tableName: shape.outputs.metadata_table as string, clientConfig: config });
const { raw_bucket: raw, processed_bucket: processed, ingest_queue_url: queue, dlq_url: dlq } = shape.outputs;
const index = shape.tasks.worker.environment.OPENSEARCH_INDEX as string;
const runId = Date.now().toString(16);
let exitCode = 1;

interface Version {
  key: string;
  versionId: string;
  etag: string;
  size: number;
  sequencer: string;
}
let sequence = 0;
const nextSequencer = () => (0x10000 + ++sequence).toString(16).toUpperCase().padStart(18, "0");

function eventBody(v: Version): string {
  return JSON.stringify({
    version: "0",
    id: crypto.randomUUID(),
    "detail-type": "Object Created",
    source: "aws.s3",
    account: "123456789012",
    time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: "us-east-1",
    resources: [`arn:aws:s3:::${raw}`],
    detail: {
      version: "0",
      bucket: { name: raw },
      object: { key: v.key, size: v.size, etag: v.etag, "version-id": v.versionId, sequencer: v.sequencer },
      reason: "PutObject",
    },
  });
}

async function put(key: string, text: string): Promise<Version> {
  const body = new TextEncoder().encode(text);
  const out = await s3.send(new PutObjectCommand({ Bucket: raw, Key: key, Body: body, ContentType: "text/plain" }));
  return {
    key,
    versionId: out.VersionId as string,
    etag: (out.ETag ?? "").replaceAll('"', ""),
    size: body.length,
    sequencer: nextSequencer(),
  };
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

function docIdOf(i: number): string {
  return `doc_${runId}${i.toString(16).padStart(26 - runId.length, "0")}`;
}

try {
  // The events are sent by this script, so that it decides their order and their duplicates: the
  // bucket's own notifications are off while it writes the objects.
  await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: raw, NotificationConfiguration: {} }));
  const keys = Array.from({ length: SINGLES + PAIRS }, (_, i) => `tenants/chaos/documents/${docIdOf(i)}/note-${i}.txt`);
  const newest = new Map<string, Version>();
  const older = new Map<string, Version>();
  log(`writing ${keys.length} objects (${PAIRS} of them twice)`);
  await inBatches(keys, 16, async (key) => {
    const i = keys.indexOf(key);
    if (i >= SINGLES)
      older.set(key, await put(key, `Old draft ${i}: the word oldversion${i} must never be searchable.`));
    newest.set(key, await put(key, `Chaos note ${i}. The harbour master logged tide number newversion${i} today.`));
  });
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: raw,
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    }),
  );

  // 700 first deliveries in random order, the older of each pair after its newer one, then 300
  // re-sent copies of random messages interleaved.
  const firsts = [...newest.values()].sort(() => Math.random() - 0.5).map(eventBody);
  for (const [key, v] of older) {
    const at = firsts.indexOf(eventBody(newest.get(key) as Version));
    firsts.splice(Math.min(firsts.length, at + 1 + Math.floor(Math.random() * 50)), 0, eventBody(v));
  }
  const bodies = [...firsts];
  for (let d = 0; d < DUPLICATES; d++) {
    const copy = firsts[Math.floor(Math.random() * firsts.length)] as string;
    bodies.splice(Math.floor(Math.random() * (bodies.length + 1)), 0, copy);
  }
  // Keep every older event after its newer one (a duplicate may have been placed before).
  log(`sending ${bodies.length} events (${DUPLICATES} duplicates, ${PAIRS} out-of-order pairs)`);

  let kills = 0;
  const chaos = (async () => {
    while (kills < KILLS) {
      await new Promise((r) => setTimeout(r, 500 + Math.random() * 2500));
      const which = Math.floor(Math.random() * 2);
      const worker = shape.workers[which];
      if (!worker) continue;
      worker.process.kill("SIGKILL");
      await new Promise((r) => worker.process.once("exit", r));
      kills++;
      await shape.startWorker(which);
    }
  })();
  for (let i = 0; i < bodies.length; i += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue,
        Entries: bodies.slice(i, i + 10).map((body, j) => ({ Id: String(j), MessageBody: body })),
      }),
    );
    if (i % 100 === 0) await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
  }
  await chaos;
  log(
    `${kills} SIGKILLs done; waiting for the queue to drain (a killed worker's messages come back after the visibility timeout)`,
  );

  const depth = (url: string) => queueDepth(sqs, url);
  const deadline = Date.now() + 20 * 60_000;
  let last = -1;
  for (;;) {
    const left = await depth(queue as string);
    if (left === 0) break;
    if (left !== last) log(`${left} messages on the queue`);
    last = left;
    if (Date.now() > deadline) throw new Error(`the queue did not drain: ${left} messages left`);
    await new Promise((r) => setTimeout(r, 5000));
  }

  // --- the figures ---------------------------------------------------------------------------
  const processedLines = new Map<string, number>();
  for (const file of readdirSync(resolve(stateDir, "logs")).filter((f) => f.startsWith("worker-"))) {
    for (const line of readFileSync(resolve(stateDir, "logs", file), "utf8").split("\n")) {
      if (!line.includes('"document processed"')) continue;
      const entry = JSON.parse(line) as { documentId: string; version: string };
      const k = `${entry.documentId} ${entry.version}`;
      processedLines.set(k, (processedLines.get(k) ?? 0) + 1);
    }
  }
  const processedJson = new Set<string>();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: processed, Prefix: "tenants/chaos/", ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) processedJson.add(o.Key as string);
    token = page.NextContinuationToken;
  } while (token);
  const count = async (query: unknown) => {
    const r = await fetch(`${emulated.OPENSEARCH_URL}/${index}/_count`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    return ((await r.json()) as { count: number }).count;
  };
  await fetch(`${emulated.OPENSEARCH_URL}/${index}/_refresh`, { method: "POST" });
  const figures = {
    keys: keys.length,
    atNewestVersion: 0,
    processedOnce: 0,
    processing: 0,
    chunksMatchChunkCount: 0,
    olderVersionChunks: 0,
    processedJsonObjects: processedJson.size,
    deadLetterMessages: await depth(dlq as string),
  };
  await inBatches(keys, 16, async (key) => {
    const i = keys.indexOf(key);
    const documentId = docIdOf(i);
    const want = newest.get(key) as Version;
    const record = await records.get({ tenantId: "chaos", documentId });
    const status = record?.status;
    const version = record?.version;
    if (status === "PROCESSING") figures.processing++;
    if (status === "PROCESSED" && version === want.versionId) figures.atNewestVersion++;
    if (processedLines.get(`${documentId} ${want.versionId}`) === 1) figures.processedOnce++;
    const docClause = [{ term: { tenant_id: "chaos" } }, { term: { document_id: documentId } }];
    const chunks = await count({ bool: { filter: docClause } });
    if (chunks > 0 && chunks === record?.chunkCount) figures.chunksMatchChunkCount++;
    figures.olderVersionChunks += await count({
      bool: { filter: docClause, must_not: [{ term: { version: want.versionId } }] },
    });
  });
  const ok =
    figures.atNewestVersion === figures.keys &&
    figures.processedOnce === figures.keys &&
    figures.processing === 0 &&
    figures.chunksMatchChunkCount === figures.keys &&
    figures.olderVersionChunks === 0 &&
    figures.processedJsonObjects === figures.keys &&
    figures.deadLetterMessages === 0;
  process.stdout.write(
    `\nchaos: ${bodies.length} events (${DUPLICATES} duplicates, ${PAIRS} out-of-order pairs), ${KILLS} worker SIGKILLs, ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s\n` +
      Object.entries(figures)
        .map(([name, value]) => `  ${name.padEnd(24)} ${value}`)
        .join("\n") +
      `\n${ok ? "OK" : "FAILED: a figure is off"}\n`,
  );
  exitCode = ok ? 0 : 1;
} finally {
  await shape.stop();
  s3.destroy();
  sqs.destroy();
}
process.exit(exitCode);
