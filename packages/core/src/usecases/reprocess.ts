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
import type { VectorSpace } from "../domain/vector-space.ts";
import type { ObjectCreatedEvent } from "../events/object-event.ts";
import { encodeReprocessMessage, type ReprocessMessage } from "../events/reprocess-messages.ts";
import type { InboundMessage, MessageDisposition } from "../ports/event-source.ts";
import type { JobOutcome, JobStore } from "../ports/job-store.ts";
import type { QueuePublisher } from "../ports/queue-publisher.ts";
import type { VectorSpaces } from "../search/vector-spaces.ts";
import { now, type PipelineDependencies } from "./dependencies.ts";
import { ingestObjectVersion } from "./ingest-object-version.ts";
import { retryDelaySeconds } from "./retry-delay.ts";

type ReprocessDeps = Pick<PipelineDependencies, "config" | "metadata" | "clock" | "logger" | "spaces"> & {
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

/** A job not yet listed: nothing matched, nothing done. */
function newJob(deps: { clock?: () => Date }, tenantId: string, jobId: string, filter: ReprocessFilter): ReprocessJob {
  const timestamp = now(deps).toISOString();
  return {
    tenantId,
    jobId,
    filter,
    matched: 0,
    listed: false,
    processed: 0,
    failed: 0,
    skipped: 0,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

/** POST /reprocess: a job that walks the tenant's documents page by page, through the queue. */
export async function startReprocessJob(
  deps: ReprocessDeps,
  tenantId: string,
  filter: ReprocessFilter,
): Promise<JobView> {
  const job = newJob(deps, tenantId, `job_${randomBytes(10).toString("hex")}`, filter);
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

/** The job that fills a vector space: one per space, however many processes start it. */
export function reembedJobId(space: VectorSpace): string {
  return `job_reembed_${space.key}`;
}

/**
 * Fills the configured embedder's vector space when it is neither active nor being filled: every
 * document of the active space, every tenant's, goes through ingest again, at the reprocess rate,
 * written to both spaces; when the last one is done, searches switch to the new space. The job is
 * kept under `tenantId` (the default tenant) and has one id per space, so starting it again (a
 * restart, a second API process) finds the one job. Undefined: nothing to fill.
 */
export async function startReembedJob(
  deps: ReprocessDeps & { spaces: VectorSpaces },
  tenantId: string,
): Promise<JobView | undefined> {
  await deps.spaces.buildConfigured();
  const state = await deps.spaces.state();
  const space = deps.spaces.configured;
  if (state.next?.key !== space.key) return undefined;
  const jobId = reembedJobId(space);
  const existing = await deps.jobs.get(tenantId, jobId);
  if (existing) return toJobView(existing);
  const job = newJob(deps, tenantId, jobId, {});
  try {
    await deps.jobs.create(job);
  } catch (error) {
    const raced = await deps.jobs.get(tenantId, jobId);
    if (raced) return toJobView(raced);
    throw error;
  }
  // Listed only once every writer sees the new space and the index shows what it was sent: a
  // document written before is listed, one written after goes to both spaces by itself.
  await deps.queue.send(encodeReprocessMessage({ kind: "space-page", tenantId, jobId, space: space.key }), {
    delaySeconds: Math.min(900, deps.config.search.indexSettleSeconds + 5),
  });
  deps.logger.info(
    { jobId, from: state.active.key, to: space.key },
    "re-embedding every document into a new vector space; searches stay on the active one until it is done",
  );
  return toJobView(job);
}

/** One page of the active space's documents, sent to be embedded into the space being filled. */
async function reembedPage(
  deps: ReprocessDeps,
  message: Extract<ReprocessMessage, { kind: "space-page" }>,
): Promise<void> {
  if (!deps.spaces) throw new DocworkerError("INTERNAL", "this runtime has no vector spaces to fill");
  const { pageSize, ratePerSecond } = deps.config.reprocess;
  const state = await deps.spaces.state();
  if (state.next?.key !== message.space) {
    // Switched already, or another space is being filled now: nothing left for this job to do.
    await deps.jobs.addMatched(message.tenantId, message.jobId, 0, true, now(deps));
    return;
  }
  const index = deps.spaces.index(state.active, state);
  const page = await index.listDocuments({
    limit: pageSize,
    ...(message.cursor ? { cursor: message.cursor } : {}),
  });
  for (const [i, item] of page.items.entries()) {
    await deps.queue.send(
      encodeReprocessMessage({
        kind: "document",
        tenantId: item.tenantId,
        documentId: item.documentId,
        jobId: message.jobId,
        space: message.space,
        ...(item.tenantId === message.tenantId ? {} : { jobTenantId: message.tenantId }),
      }),
      { delaySeconds: Math.floor(i / ratePerSecond) },
    );
  }
  const last = page.nextCursor === undefined;
  await deps.jobs.addMatched(message.tenantId, message.jobId, page.items.length, last, now(deps));
  if (last) await switchWhenFilled(deps, message.tenantId, message.jobId, message.space);
  else {
    await deps.queue.send(encodeReprocessMessage({ ...message, cursor: page.nextCursor as string }), {
      delaySeconds: Math.min(900, Math.ceil(Math.max(1, page.items.length) / ratePerSecond)),
    });
  }
}

/** The job's last document done: the space it filled becomes the one searches read. */
async function switchWhenFilled(
  deps: Pick<ReprocessDeps, "jobs" | "spaces" | "logger">,
  tenantId: string,
  jobId: string,
  spaceKey: string,
): Promise<void> {
  const job = await deps.jobs.get(tenantId, jobId);
  if (!job || jobStatus(job) !== "SUCCEEDED" || !deps.spaces) return;
  const state = await deps.spaces.state();
  if (state.next?.key !== spaceKey) return;
  if (await deps.spaces.activate(state.next)) {
    deps.logger.info(
      { jobId, from: state.active.key, to: spaceKey, processed: job.processed, failed: job.failed },
      "searches switched to the new vector space",
    );
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
  const jobTenantId = message.jobTenantId ?? key.tenantId;
  const report = async (outcome: JobOutcome) => {
    if (!message.jobId || !deps.jobs) return;
    await deps.jobs.addOutcome(jobTenantId, message.jobId, outcome, now(deps));
    if (message.space) await switchWhenFilled({ ...deps, jobs: deps.jobs }, jobTenantId, message.jobId, message.space);
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
  if (message.kind === "space-page") await reembedPage(reprocessDepsOf(deps), message);
  else await reprocessPage(reprocessDepsOf(deps), message);
  return { action: "ack" };
}
