import { DocworkerError } from "@docworker/core";

interface ClientErrorShape {
  name?: string;
  message?: string;
  statusCode?: number;
  body?: { error?: { type?: string; reason?: string } | string };
}

/** One failed item of a bulk response. */
export interface BulkItemFailure {
  status: number;
  type?: string;
  reason?: string;
}

/**
 * A request OpenSearch can never accept (a mapping error, a vector of the wrong dimension, a
 * document too large): retrying the same document cannot help. There is no dedicated code yet, so
 * it is INTERNAL marked not retryable; the document then ends FAILED instead of retrying.
 */
export function rejectedError(message: string, cause?: unknown): DocworkerError {
  return new DocworkerError("INTERNAL", message, { retryable: false, ...(cause === undefined ? {} : { cause }) });
}

/**
 * What a client error means. Throttling, outages, timeouts and lost connections are retryable;
 * 400/413 say the request itself is wrong (not retryable); anything else (403 from an access
 * policy, 404 for a missing index) is an operator's problem and stays retryable (INTERNAL), so
 * documents survive until it is fixed, or end RETRIES_EXHAUSTED.
 */
export function toDocworkerError(error: unknown, operation: string): DocworkerError {
  if (error instanceof DocworkerError) return error;
  const e = (error ?? {}) as ClientErrorShape;
  const status = e.statusCode;
  const cause = typeof e.body?.error === "object" ? e.body.error : undefined;
  const reason = cause ? `${cause.type ?? "error"}: ${cause.reason ?? ""}` : (e.message ?? String(error));
  const detail = `${operation}: ${e.name ?? "Error"}${status ? ` (HTTP ${status})` : ""}: ${reason}`;
  if (status === 429) return new DocworkerError("THROTTLED", detail, { cause: error });
  if (status === 408 || e.name === "TimeoutError") return new DocworkerError("TIMEOUT", detail, { cause: error });
  if (
    (status !== undefined && status >= 500) ||
    e.name === "ConnectionError" ||
    e.name === "NoLivingConnectionsError"
  ) {
    return new DocworkerError("DEPENDENCY_UNAVAILABLE", detail, { cause: error });
  }
  if (status === 400 || status === 413) return rejectedError(detail, error);
  return new DocworkerError("INTERNAL", detail, { cause: error });
}

/**
 * One error for the failed items of a bulk request. A deterministic failure wins over a transient
 * one: retrying a batch that holds a document OpenSearch rejects would fail again. 429 and 5xx
 * items alone are retryable.
 */
export function bulkFailureError(operation: string, failures: BulkItemFailure[]): DocworkerError | undefined {
  if (failures.length === 0) return undefined;
  const deterministic = failures.filter((f) => f.status !== 429 && f.status < 500);
  const shown = deterministic[0] ?? failures[0];
  const detail = `${operation}: ${failures.length} bulk item(s) failed; first: HTTP ${shown?.status} ${shown?.type ?? "error"}: ${shown?.reason ?? ""}`;
  if (deterministic.length > 0) return rejectedError(detail);
  if (failures.every((f) => f.status === 429)) return new DocworkerError("THROTTLED", detail);
  return new DocworkerError("DEPENDENCY_UNAVAILABLE", detail);
}
