import { ClassCatalog } from "../classes/document-class.ts";
import { headVector } from "../classification/head-vector.ts";
import type { Chunk } from "../domain/chunk.ts";
import {
  addUsage,
  type DocumentKey,
  type DocumentRecord,
  type ObjectRef,
  type Usage,
  ZERO_USAGE,
} from "../domain/document.ts";
import { type DocumentError, DocworkerError, toDocumentError } from "../domain/errors.ts";
import { documentKeyForObject, filenameFromKey, processedObjectKey } from "../domain/object-keys.ts";
import type { ParsedDocument } from "../domain/parsed-document.ts";
import type { RecognitionSummary } from "../domain/recognition.ts";
import type { ObjectCreatedEvent } from "../events/object-event.ts";
import { encodeReprocessMessage } from "../events/reprocess-messages.ts";
import { alternateKeyForm } from "../events/s3-eventbridge.ts";
import type { StoredObject } from "../ports/blob-store.ts";
import { now, type PipelineDependencies } from "./dependencies.ts";
import { estimateCostUsd } from "./estimate-cost.ts";
import { deleteFromIndexes, type IndexTarget, indexTargetsOf, writeToIndexes } from "./index-targets.ts";
import { LeaseRenewal } from "./lease-renewal.ts";
import { nothingLegible, recognizePages } from "./recognize-pages.ts";
import { StageTimer } from "./stage-timer.ts";
import { type Understanding, understandDocument } from "./understand-document.ts";
import { unpackArchive } from "./unpack-archive.ts";

export type IngestResult =
  | { outcome: "processed"; key: DocumentKey; chunkCount: number; usage: Usage; stages: Record<string, number> }
  | { outcome: "failed"; key: DocumentKey; error: DocumentError }
  | { outcome: "skipped"; key: DocumentKey; reason: "duplicate" | "stale" | "superseded" }
  | { outcome: "retry"; key: DocumentKey; error: DocumentError; retryAfterMs?: number };

export interface IngestOptions {
  /** 1 on first delivery; with maxAttempts it decides when a transient error becomes final. */
  attempt: number;
  /** Called with every lease renewal (on a timer, and between stages): extends the message's visibility. */
  heartbeat?: () => Promise<void>;
  /** Take the recorded version on again although it is PROCESSED or FAILED. */
  reprocess?: boolean;
}

/**
 * Processes one version of one object: parse, chunk, embed, extract, index, write the processed
 * JSON, record the result. Safe to run any number of times for the same event: the metadata
 * claim decides whether this call does the work, and every write replaces rather than appends.
 */
export async function ingestObjectVersion(
  deps: PipelineDependencies,
  event: ObjectCreatedEvent,
  options: IngestOptions,
): Promise<IngestResult> {
  const { config, metadata, logger } = deps;
  const key = documentKeyForObject(event.object, config.defaultTenantId);
  const log = { tenantId: key.tenantId, documentId: key.documentId, version: event.version };
  const leaseMs = config.worker.leaseSeconds * 1000;

  const claim = await metadata.claim({
    key,
    event,
    filename: filenameFromKey(event.object.key),
    now: now(deps),
    leaseMs,
    ...(options.reprocess ? { reprocess: true } : {}),
  });
  if (claim.outcome === "duplicate" || claim.outcome === "stale") {
    logger.info({ ...log, outcome: claim.outcome, status: claim.record.status }, "event skipped");
    return { outcome: "skipped", key, reason: claim.outcome };
  }
  if (claim.outcome === "busy") {
    const error: DocumentError = { code: "INTERNAL", message: "another worker holds this version", retryable: true };
    return { outcome: "retry", key, error, retryAfterMs: claim.retryAfterMs };
  }
  const { leaseToken, record } = claim;
  if (record.attempts > config.worker.maxAttempts) {
    // Earlier attempts of this version ended without a result: the process died (a poison
    // document) or lost its lease. Another one would end the same way.
    const final: DocumentError = {
      code: "RETRIES_EXHAUSTED",
      message: `${record.attempts - 1} attempts of this version ended without a result (the worker stopped or crashed); the budget is ${config.worker.maxAttempts} (WORKER_MAX_ATTEMPTS)`,
      retryable: false,
    };
    await metadata.fail(key, leaseToken, final, now(deps));
    logger.warn({ ...log, errorCode: final.code, reason: final.message }, "document failed");
    return { outcome: "failed", key, error: final };
  }
  // Keep the lease and the message alive on a timer while any stage runs, so a stage longer than
  // the lease (a huge PDF, a slow model) is never redelivered and taken over. Between stages, stop
  // at once if a newer version or a delete took the record over, before anything is written.
  let renewedAt = performance.now();
  const renewLease = async () => {
    const renewed = await metadata.renewLease(key, leaseToken, leaseMs, now(deps));
    if (renewed) renewedAt = performance.now();
    return renewed;
  };
  const renewal = new LeaseRenewal(renewLease, options.heartbeat, {
    everyMs: leaseMs / 3,
    onError: (error) => logger.warn({ ...log, err: error }, "lease or visibility renewal failed; retrying"),
  });
  // Between stages: a lease renewed moments ago (most documents take well under a second) is only
  // checked, with a read; the lease and the message's visibility are written when they have aged.
  const heartbeat = async () => {
    if (renewal.lost) throw new Superseded();
    if (performance.now() - renewedAt < STAGE_RENEWAL_MS) {
      const current = await metadata.get(key);
      if (current?.status !== "PROCESSING" || current.lease?.token !== leaseToken) throw new Superseded();
      return;
    }
    if (!(await renewLease())) throw new Superseded();
    await options.heartbeat?.();
  };

  try {
    const processed = await processVersion(deps, event, record, heartbeat);
    await renewal.stop();
    const completed = await metadata.complete(key, leaseToken, processed.completion, now(deps));
    if (!completed) {
      await settleOvertakenWrite(deps, key, event.version);
      logger.warn(log, "a newer version or a delete took over while this one was processed");
      return { outcome: "skipped", key, reason: "superseded" };
    }
    logger.info(
      {
        ...log,
        chunkCount: processed.completion.chunkCount,
        usage: processed.completion.usage,
        stages: processed.stages,
      },
      "document processed",
    );
    return {
      outcome: "processed",
      key,
      chunkCount: processed.completion.chunkCount,
      usage: processed.completion.usage,
      stages: processed.stages,
    };
  } catch (thrown) {
    await renewal.stop();
    if (thrown instanceof Superseded) {
      logger.warn(log, "a newer version or a delete took over; this version is dropped");
      return { outcome: "skipped", key, reason: "superseded" };
    }
    const error = toDocumentError(thrown);
    const exhausted = error.retryable && options.attempt >= config.worker.maxAttempts;
    if (error.retryable && !exhausted) {
      await metadata.release(key, leaseToken, error, now(deps));
      logger.warn({ ...log, err: thrown, attempt: options.attempt }, "transient failure, will retry");
      return { outcome: "retry", key, error };
    }
    const final: DocumentError = exhausted
      ? {
          code: "RETRIES_EXHAUSTED",
          message: `gave up after ${options.attempt} attempts: ${error.code}: ${error.message}`,
          retryable: false,
        }
      : error;
    await metadata.fail(key, leaseToken, final, now(deps));
    logger.warn({ ...log, errorCode: final.code, reason: final.message }, "document failed");
    return { outcome: "failed", key, error: final };
  }
}

interface ProcessedVersion {
  completion: Parameters<PipelineDependencies["metadata"]["complete"]>[2];
  stages: Record<string, number>;
}

async function processVersion(
  deps: PipelineDependencies,
  event: ObjectCreatedEvent,
  record: DocumentRecord,
  heartbeat: () => Promise<void>,
): Promise<ProcessedVersion> {
  const { config, embedder } = deps;
  const timer = new StageTimer();
  const limits = config.limits;
  if (event.size !== undefined && event.size > limits.maxBytes) {
    throw new DocworkerError("TOO_LARGE", `object is ${event.size} bytes; the limit is ${limits.maxBytes}`);
  }

  const object = await timer.time("download", () => readObject(deps, event));
  const { parsed, chunks, recognition } = await readText(deps, event, record, object, timer, heartbeat);
  await heartbeat();
  if (parsed.members) {
    const members = parsed.members;
    await timer.time("unpack", () => unpackArchive(deps, record, event.version, members));
    await heartbeat();
  }

  // One vector space, or two while a changed embedder's space is being filled.
  const targets = await indexTargetsOf(deps);
  const indexed = {
    tenantId: record.tenantId,
    documentId: record.documentId,
    version: event.version,
    filename: record.filename,
    contentType: parsed.mediaType,
    createdAt: record.createdAt,
    metadata: { ...object.metadata, ...record.metadata },
  };
  let embeddingTokens = 0;
  let understood: Partial<Understanding> & Omit<Understanding, "extraction"> = WITHOUT_TEXT;
  if (chunks.length === 0) {
    // Nothing legible in a scan or a photo: nothing to embed, classify or extract, and an
    // earlier version's chunks must not stay searchable under this one.
    await heartbeat();
    await timer.time("index", () => deleteFromIndexes(deps, record.tenantId, record.documentId));
  } else {
    const embedded = new Map<IndexTarget, Float32Array[]>();
    const embedding = timer.time("embed", () =>
      Promise.all(
        targets.map(async (target) => {
          const batch = await target.embedder.embedDocuments(chunks.map((c) => c.text));
          embedded.set(target, batch.vectors);
          embeddingTokens += batch.tokens;
          return batch.vectors;
        }),
      ),
    );
    // The local classifier compares the head with the classes from the head chunks' vectors, not
    // from an embedding of its own; a model classifier's or extractor's call overlaps the embeddings'.
    const own = targets.findIndex((target) => target.embedder.model === embedder.model);
    const textVector =
      own < 0
        ? undefined
        : { model: embedder.model, vector: async () => headVector(chunks, (await embedding)[own] ?? []) };
    [, understood] = await Promise.all([
      embedding,
      timer.time("extract", () => understandDocument(deps, record, parsed, textVector)),
    ]);
    await heartbeat(); // the last check before anything is written for this version
    embeddingTokens += await timer.time("index", () => writeToIndexes(deps, targets, indexed, chunks, embedded));
  }
  let usage = addUsage(ZERO_USAGE, { ...understood.usage, embeddingTokens });
  const cost = estimateCostUsd(usage, config.prices);
  if (cost !== undefined) usage = { ...usage, estimatedCostUsd: cost };

  const completion = {
    chunkCount: chunks.length,
    contentType: parsed.mediaType,
    extraction: understood.extraction,
    class: understood.class,
    classConfidence: understood.classConfidence,
    classification: understood.classification,
    // The newest space it was written to: the one being filled while a switch is prepared.
    embedder: (targets.at(-1)?.embedder ?? embedder).model,
    usage,
    size: object.size,
    ...(parsed.pageCount === undefined ? {} : { pageCount: parsed.pageCount }),
    ...(recognition ? { recognition } : {}),
  };
  await timer.time("store", () => writeProcessedJson(deps, record, event, completion, parsed, chunks));
  return { completion, stages: timer.stages };
}

/**
 * The document's text and chunks, from the preparer (the parse pool: parse, Tesseract, chunk).
 * Pages it rendered but cannot read itself go to this process's recognizer (Textract: network
 * I/O), and their text back to the preparer to be chunked.
 */
async function readText(
  deps: PipelineDependencies,
  event: ObjectCreatedEvent,
  record: DocumentRecord,
  object: StoredObject,
  timer: StageTimer,
  heartbeat: () => Promise<void>,
): Promise<{ parsed: ParsedDocument; chunks: Chunk[]; recognition?: RecognitionSummary }> {
  const { config, preparer } = deps;
  const prepared = await timer.time("prepare", () =>
    preparer.prepare({
      bytes: object.body,
      filename: record.filename,
      limits: config.limits,
      source: event.object,
      documentId: record.documentId,
      chunking: config.chunking,
      lowConfidence: config.recognition.lowConfidence,
      // Pages without a text layer are rendered only when something will read them.
      ...(preparer.recognizerEngine || deps.recognizer
        ? { recognition: { maxPages: config.recognition.maxPages, dpi: config.recognition.dpi } }
        : {}),
      ...(object.contentType ? { declaredContentType: object.contentType } : {}),
    }),
  );
  timer.add(prepared.stages);
  if (prepared.chunks) return { ...prepared, chunks: prepared.chunks };
  await heartbeat();
  const recognized = await timer.time("recognize", () =>
    recognizePages(deps.recognizer, prepared.parsed, event.object, config.recognition),
  );
  const { parsed, recognition } = recognized;
  const chunks = nothingLegible(recognized)
    ? []
    : await timer.time("chunk", () =>
        preparer.chunk({ documentId: record.documentId, blocks: parsed.blocks, chunking: config.chunking }),
      );
  return { parsed, chunks, ...(recognition ? { recognition } : {}) };
}

/** Reads the version the event names; S3 may have URL-encoded the key in the notification. */
async function readObject(deps: PipelineDependencies, event: ObjectCreatedEvent): Promise<StoredObject> {
  const candidates: ObjectRef[] = [event.object];
  const decoded = alternateKeyForm(event.object.key);
  if (decoded) candidates.push({ bucket: event.object.bucket, key: decoded });
  for (const ref of candidates) {
    const object = await deps.blobs.get(ref);
    if (!object) continue;
    const etag = object.etag?.replaceAll('"', "");
    if (event.etag && etag && etag !== event.etag && !event.versionId) {
      // Overwritten since the event: the newer version's own event will process it.
      throw new DocworkerError("OBJECT_CHANGED", "the object was overwritten after this event was sent");
    }
    return object;
  }
  throw new DocworkerError("OBJECT_MISSING", "the object no longer exists");
}

async function writeProcessedJson(
  deps: PipelineDependencies,
  record: DocumentRecord,
  event: ObjectCreatedEvent,
  completion: ProcessedVersion["completion"],
  parsed: ParsedDocument,
  chunks: Chunk[],
): Promise<void> {
  const body = {
    documentId: record.documentId,
    tenantId: record.tenantId,
    source: event.object,
    version: event.version,
    filename: record.filename,
    metadata: record.metadata,
    contentType: completion.contentType,
    pageCount: completion.pageCount,
    recognition: completion.recognition,
    properties: parsed.properties ?? {},
    class: completion.class,
    classConfidence: completion.classConfidence,
    classification: completion.classification,
    extraction: completion.extraction,
    embedder: completion.embedder,
    usage: completion.usage,
    chunks,
    processedAt: now(deps).toISOString(),
  };
  await deps.blobs.put(
    { bucket: deps.config.processedBucket, key: processedObjectKey(record) },
    new TextEncoder().encode(JSON.stringify(body)),
    { contentType: "application/json" },
  );
}

/** A document without text is given the fallback class and no extraction: no model reads nothing. */
const WITHOUT_TEXT: Omit<Understanding, "extraction"> = {
  class: ClassCatalog.FALLBACK,
  classConfidence: 0,
  classification: { method: "none", reason: "no text was found to classify" },
  usage: { inputTokens: 0, outputTokens: 0 },
};

/** Below this age, a lease is checked between stages rather than written again. */
const STAGE_RENEWAL_MS = 10_000;

/** Thrown by the heartbeat when this worker no longer owns the record. */
class Superseded extends Error {}

/**
 * This version's chunks and processed JSON were written after its last check, and then the
 * record turned out to be taken over. By a delete: its removal may have run before these writes,
 * so they are removed again (a deleted document never stays searchable). By a newer version
 * that is processing or processed: its worker may have written its own chunks and JSON in
 * between, which these writes replaced, leaving this version's text under that version's record.
 * Nothing tells which came first, so that version goes through the queue once more (a reprocess
 * of the record's version), and its writes come last. Another attempt of this same version
 * writes the same text, and a newer version that is queued or failed writes or keeps what it
 * would have anyway: both are left alone.
 */
async function settleOvertakenWrite(deps: PipelineDependencies, key: DocumentKey, version: string): Promise<void> {
  const current = await deps.metadata.get(key);
  if (current?.status === "DELETED") {
    await deleteFromIndexes(deps, key.tenantId, key.documentId);
    await deps.blobs.delete({ bucket: deps.config.processedBucket, key: processedObjectKey(key) });
    return;
  }
  if (!current || current.version === version) return;
  if (current.status !== "PROCESSING" && current.status !== "PROCESSED") return;
  if (!deps.queue) {
    deps.logger.warn(
      { ...key, version, holds: current.version },
      "this version's chunks may stand under a newer version's record, and there is no queue to reprocess it through",
    );
    return;
  }
  await deps.queue.send(encodeReprocessMessage({ kind: "document", ...key }));
  deps.logger.info({ ...key, version, holds: current.version }, "newer version sent to be processed again");
}
