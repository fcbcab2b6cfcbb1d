import { DocworkerError } from "@docworker/core";

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

// Claude/Nova through Converse: "Input is too long for requested model." (or "prompt is too long");
// Titan: "Too many input tokens. Max input tokens: 8192, ..." or "#/inputText: expected maxLength".
const INPUT_TOO_LONG = /input is too long|prompt is too long|too many input tokens|inputText: expected maxLength/i;

/**
 * "Input is too long" is deterministic: the same call will fail the same way, so the caller
 * splits or shrinks the input instead of retrying it.
 */
export function isInputTooLong(error: unknown): boolean {
  const e = error as SdkError | undefined;
  return e?.name === "ValidationException" && INPUT_TOO_LONG.test(e.message ?? "");
}

const THROTTLING = new Set(["ThrottlingException", "ServiceQuotaExceededException", "ModelNotReadyException"]);
const UNAVAILABLE = new Set(["ServiceUnavailableException", "InternalServerException", "ModelErrorException"]);
const NETWORK = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * What an SDK error means for the document, once the SDK's own retries are spent. Throttling and
 * outages are retryable DocworkerErrors, so the queue brings the document back later instead of
 * failing it. Anything else (access denied, an unknown model id, a request Bedrock rejects) is an
 * operator's problem, not the document's: it stays retryable (INTERNAL) and ends, if never
 * fixed, as RETRIES_EXHAUSTED.
 */
export function fromBedrockError(error: unknown, operation: string): DocworkerError {
  if (error instanceof DocworkerError) return error;
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? "Error";
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  const detail = `${operation}: ${name}${status ? ` (HTTP ${status})` : ""}${attempts ? ` after ${attempts} attempt(s)` : ""}: ${e.message ?? String(error)}`;
  if (THROTTLING.has(name) || status === 429) return new DocworkerError("THROTTLED", detail, { cause: error });
  if (name === "ModelTimeoutException" || name === "TimeoutError" || name === "RequestTimeout" || status === 408) {
    return new DocworkerError("TIMEOUT", detail, { cause: error });
  }
  if (UNAVAILABLE.has(name) || (status !== undefined && status >= 500) || NETWORK.has(e.code ?? "")) {
    return new DocworkerError("DEPENDENCY_UNAVAILABLE", detail, { cause: error });
  }
  return new DocworkerError("INTERNAL", detail, { cause: error });
}
