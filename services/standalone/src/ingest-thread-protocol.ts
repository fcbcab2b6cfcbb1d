/** What the standalone service hands its ingest thread. */
export interface IngestThreadData {
  env: Record<string, string | undefined>;
}

/** Messages between the standalone service and its ingest thread, both ways. */
export type IngestThreadMessage = { type: "ready" } | { type: "stop" } | { type: "stopped" };
