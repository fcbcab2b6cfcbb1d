import { setTimeout as sleep } from "node:timers/promises";
import type { DocworkerApiClient } from "../api-client.ts";
import { ApiUnreachableError } from "../api-errors.ts";
import { type ApiDocument, TERMINAL_STATUSES } from "../api-types.ts";
import { isTransient } from "./retry.ts";

export interface WaitOptions {
  /** Epoch ms after which waiting stops and the last record seen is returned. */
  deadline: number;
  intervalMs: number;
  /** Bounds how many status requests run at once across all documents. */
  limit: <T>(task: () => Promise<T>) => Promise<T>;
  signal?: AbortSignal;
}

export interface WaitOutcome {
  document?: ApiDocument;
  timedOut: boolean;
}

/** Unreachable this many polls in a row means the API is down, not having a hiccup. */
const MAX_UNREACHABLE_POLLS = 5;

/**
 * Polls GET /documents/{id} until the document is PROCESSED, FAILED or DELETED, or the deadline
 * passes. Throttling and short outages are ridden out; a lasting outage or a 404 is thrown.
 */
export async function waitForDocument(
  client: DocworkerApiClient,
  documentId: string,
  options: WaitOptions,
): Promise<WaitOutcome> {
  let last: ApiDocument | undefined;
  let unreachableInARow = 0;
  while (true) {
    const pause = Math.max(0, Math.min(options.intervalMs, options.deadline - Date.now()));
    await sleep(pause, undefined, options.signal ? { signal: options.signal } : {});
    try {
      last = await options.limit(() => client.getDocument(documentId));
      unreachableInARow = 0;
      if (TERMINAL_STATUSES.includes(last.status)) return { document: last, timedOut: false };
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (error instanceof ApiUnreachableError && ++unreachableInARow >= MAX_UNREACHABLE_POLLS) throw error;
    }
    if (Date.now() >= options.deadline) return { ...(last ? { document: last } : {}), timedOut: true };
  }
}
