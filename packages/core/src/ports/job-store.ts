import type { ReprocessJob } from "../domain/reprocess-job.ts";

export type JobOutcome = "processed" | "failed" | "skipped";

/** Reprocess jobs. Counters are added to atomically: many workers report on one job at once. */
export interface JobStore {
  create(job: ReprocessJob): Promise<void>;
  get(tenantId: string, jobId: string): Promise<ReprocessJob | undefined>;
  /** Adds documents sent to the queue; `listed` once the last page has been looked at. */
  addMatched(tenantId: string, jobId: string, count: number, listed: boolean, now: Date): Promise<void>;
  /** Counts one document of the job as finished. */
  addOutcome(tenantId: string, jobId: string, outcome: JobOutcome, now: Date): Promise<void>;
}
