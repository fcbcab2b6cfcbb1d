import type { Usage } from "../domain/document.ts";
import type { ErrorCode } from "../domain/errors.ts";

/** What happened to one queue message, reported once it is settled. */
export interface MessageHandled {
  kind: "ingest" | "delete" | "reprocess" | "ignored" | "malformed";
  /** processed | failed | skipped | retry for ingest; deleted | skipped for delete. */
  outcome: string;
  errorCode?: ErrorCode;
  durationMs: number;
  stages?: Record<string, number>;
  usage?: Usage;
}

/** Operational metrics: documents processed/failed, latency, tokens, throttles. */
export interface PipelineMetrics {
  messageHandled(event: MessageHandled): void;
}

export const noMetrics: PipelineMetrics = { messageHandled() {} };
