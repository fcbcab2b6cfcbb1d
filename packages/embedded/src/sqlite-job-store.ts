import type { JobOutcome, JobStore, ReprocessJob } from "@docworker/core";
import { migrate, type SqliteDatabase } from "./sqlite-database.ts";

const JOBS_SCHEMA = [
  `CREATE TABLE reprocess_jobs (
    tenant_id TEXT NOT NULL,
    job_id TEXT NOT NULL,
    filter TEXT NOT NULL,
    matched INTEGER NOT NULL DEFAULT 0,
    listed INTEGER NOT NULL DEFAULT 0,
    processed INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, job_id)
  ) WITHOUT ROWID;`,
];

interface JobRow {
  tenant_id: string;
  job_id: string;
  filter: string;
  matched: number;
  listed: number;
  processed: number;
  failed: number;
  skipped: number;
  created_at: string;
  updated_at: string;
}

const OUTCOME_COLUMN: Record<JobOutcome, string> = { processed: "processed", failed: "failed", skipped: "skipped" };

/** Reprocess jobs in the embedded database; counters are incremented in SQL, so processes can share a job. */
export class SqliteJobStore implements JobStore {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    migrate(db, "job-store", JOBS_SCHEMA);
  }

  async create(job: ReprocessJob): Promise<void> {
    this.#db
      .prepare(
        "INSERT INTO reprocess_jobs (tenant_id, job_id, filter, matched, listed, processed, failed, skipped, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        job.tenantId,
        job.jobId,
        JSON.stringify(job.filter),
        job.matched,
        job.listed ? 1 : 0,
        job.processed,
        job.failed,
        job.skipped,
        job.createdAt,
        job.updatedAt,
      );
  }

  async get(tenantId: string, jobId: string): Promise<ReprocessJob | undefined> {
    const row = this.#db
      .prepare<[string, string], JobRow>("SELECT * FROM reprocess_jobs WHERE tenant_id = ? AND job_id = ?")
      .get(tenantId, jobId);
    if (!row) return undefined;
    return {
      tenantId: row.tenant_id,
      jobId: row.job_id,
      filter: JSON.parse(row.filter) as ReprocessJob["filter"],
      matched: row.matched,
      listed: row.listed === 1,
      processed: row.processed,
      failed: row.failed,
      skipped: row.skipped,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async addMatched(tenantId: string, jobId: string, count: number, listed: boolean, now: Date): Promise<void> {
    this.#db
      .prepare(
        "UPDATE reprocess_jobs SET matched = matched + ?, listed = MAX(listed, ?), updated_at = ? WHERE tenant_id = ? AND job_id = ?",
      )
      .run(count, listed ? 1 : 0, now.toISOString(), tenantId, jobId);
  }

  async addOutcome(tenantId: string, jobId: string, outcome: JobOutcome, now: Date): Promise<void> {
    const column = OUTCOME_COLUMN[outcome];
    this.#db
      .prepare(`UPDATE reprocess_jobs SET ${column} = ${column} + 1, updated_at = ? WHERE tenant_id = ? AND job_id = ?`)
      .run(now.toISOString(), tenantId, jobId);
  }
}
