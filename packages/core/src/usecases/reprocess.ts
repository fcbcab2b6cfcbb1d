import { randomBytes } from "node:crypto";
import type { DocumentKey, DocumentRecord } from "../domain/document.ts";
import { DocworkerError } from "../domain/errors.ts";
import {
  jobStatus,
  matchesFilter,
  REPROCESSABLE,
  type ReprocessFilter,
  type ReprocessJob,
  type ReprocessJobStatus,
} from "../domain/reprocess-job.ts";
import type { ObjectCreatedEvent } from "../events/object-event.ts";
import { encodeReprocessMessage, type ReprocessMessage } from "../events/reprocess-messages.ts";
import type { InboundMessage, MessageDisposition } from "../ports/event-source.ts";
import type { JobOutcome, JobStore } from "../ports/job-store.ts";
import type { QueuePublisher } from "../ports/queue-publisher.ts";
import { now, type PipelineDependencies } from "./dependencies.ts";
import { ingestObjectVersion } from "./ingest-object-version.ts";
import { retryDelaySeconds } from "./retry-delay.ts";

type ReprocessDeps = Pick<PipelineDependencies, "config" | "metadata" | "clock"> & {
  queue: QueuePublisher;
  jobs: JobStore;
};

/** Why a document cannot be reprocessed now: it is in flight, was never uploaded, or is gone. */
export class NotReprocessable extends Error {
  readonly status: DocumentRecord["status"];
  constructor(record: DocumentRecord) {
    super(
      `document ${record.documentId} is ${record.status}; only ${REPROCESSABLE.join(" or ")} documents are reprocessed`,
    );
    this.status = record.status;
  }
}

export function reprocessDepsOf(deps: PipelineDependencies): ReprocessDeps {
  if (!deps.queue || !deps.jobs) {
    throw new DocworkerError("INTERNAL", "this runtime has no queue to send reprocess messages to");
  }
  return { ...deps, queue: deps.queue, jobs: deps.jobs };
}

/** POST /documents/{id}/reprocess: one document through the queue again. Undefined: no such document. */
export async function requestReprocess(deps: ReprocessDeps, key: DocumentKey): Promise<DocumentRecord | undefined> {
  const record = await deps.metadata.get(key);
  if (!record) return undefined;
  if (!REPROCESSABLE.includes(record.status)) throw new NotReprocessable(record);
  await deps.queue.send(encodeReprocessMessage({ kind: "document", ...key }));
  return record;
}

export interface JobView extends ReprocessJob {
  status: ReprocessJobStatus;
}

export const toJobView = (job: ReprocessJob): JobView => ({ ...job, status: jobStatus(job) });

/** POST /reprocess: a job that walks the tenant's documents page by page, through the queue. */
export async function startReprocessJob(
  deps: ReprocessDeps,
  tenantId: string,
  filter: ReprocessFilter,
): Promise<JobView> {
  const timestamp = now(deps).toISOString();
  const job: ReprocessJob = {
    tenantId,
    jobId: `job_${randomBytes(10).toString("hex")}`,
    filter,
    matched: 0,
    listed: false,
    processed: 0,
    failed: 0,
    skipped: 0,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  await deps.jobs.create(job);
  await deps.queue.send(encodeReprocessMessage({ kind: "page", tenantId, jobId: job.jobId, filter }));
  return toJobView(job);
}

/**
 * One page of a job: the next `pageSize` records, those the filter takes sent as document
 * messages spread over `pageSize / ratePerSecond` seconds, and the next page after that. So a job
 * over a million documents enqueues them at the configured rate, never all at once, and a worker
 * that stops mid-job leaves the page message to be delivered again.
 */
async function reprocessPage(deps: ReprocessDeps, message: Extract<ReprocessMessage, { kind: "page" }>): Promise<void> {
  const { pageSize, ratePerSecond } = deps.config.reprocess;
  const filter = message.filter;
  const page = await deps.metadata.list(message.tenantId, {
    limit: pageSize,
    ...(filter.status ? { status: filter.status } : {}),
    ...(message.cursor ? { cursor: message.cursor } : {}),
  });
  const matching = page.items.filter((record) => matchesFilter(record, filter));
  for (const [i, record] of matching.entries()) {
    await deps.queue.send(
      encodeReprocessMessage({
        kind: "document",
        tenantId: record.tenantId,
        documentId: record.documentId,
        jobId: message.jobId,
      }),
      { delaySeconds: Math.floor(i / ratePerSecond) },
    );
  }
  const last = page.nextCursor === undefined;
  await deps.jobs.addMatched(message.tenantId, message.jobId, matching.length, last, now(deps));
  if (!last) {
    await deps.queue.send(encodeReprocessMessage({ ...message, cursor: page.nextCursor as string }), {
      delaySeconds: Math.min(900, Math.ceil(Math.max(1, matching.length) / ratePerSecond)),
    });
  }
}

/** A document message: its recorded version goes through ingest again, under the current configuration. */
async function reprocessDocument(
  deps: PipelineDependencies,
  message: Extract<ReprocessMessage, { kind: "document" }>,
  inbound: InboundMessage,
): Promise<MessageDisposition> {
  const key = { tenantId: message.tenantId, documentId: message.documentId };
  const record = await deps.metadata.get(key);
  const report = async (outcome: JobOutcome) => {
    if (message.jobId && deps.jobs) await deps.jobs.addOutcome(key.tenantId, message.jobId, outcome, now(deps));
  };
  if (!record || !REPROCESSABLE.includes(record.status) || record.version === undefined) {
    await report("skipped");
    return { action: "ack" };
  }
  const event: ObjectCreatedEvent = {
    type: "ObjectCreated",
    object: record.source,
    version: record.version,
    sequencer: record.sequencer ?? "0",
    time: record.updatedAt,
    ...(record.size === undefined ? {} : { size: record.size }),
  };
  const result = await ingestObjectVersion(deps, event, {
    attempt: inbound.receiveCount,
    heartbeat: () => inbound.extendVisibility(deps.config.worker.leaseSeconds),
    reprocess: true,
  });
  if (result.outcome === "retry") {
    const backoff = retryDelaySeconds(inbound.receiveCount, deps.config.worker);
    return { action: "retry", delaySeconds: Math.max(backoff, Math.ceil((result.retryAfterMs ?? 0) / 1000)) };
  }
  await report(result.outcome === "processed" ? "processed" : result.outcome === "failed" ? "failed" : "skipped");
  return { action: "ack" };
}

/** The worker's side of docworker's own queue messages. */
export async function handleReprocessMessage(
  deps: PipelineDependencies,
  message: ReprocessMessage,
  inbound: InboundMessage,
): Promise<MessageDisposition> {
  if (message.kind === "document") return reprocessDocument(deps, message, inbound);
  await reprocessPage(reprocessDepsOf(deps), message);
  return { action: "ack" };
}
