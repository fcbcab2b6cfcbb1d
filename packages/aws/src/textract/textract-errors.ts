import { DocworkerError } from "@docworker/core";

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const THROTTLING = new Set(["ThrottlingException", "ProvisionedThroughputExceededException", "LimitExceededException"]);
// Textract's answers for input it will never read: these fail the document, they are not retried.
const UNSUPPORTED = new Set(["UnsupportedDocumentException", "BadDocumentException", "InvalidParameterException"]);
const TOO_LARGE = new Set(["DocumentTooLargeException"]);

/**
 * What a Textract error means for the document once the SDK's retries are spent: throttling and
 * outages come back through the queue; a document Textract cannot read ends with a clear code;
 * anything else (access denied, a missing bucket) is the operator's to fix and stays retryable.
 */
export function fromTextractError(error: unknown, operation: string): DocworkerError {
  if (error instanceof DocworkerError) return error;
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? "Error";
  const status = e.$metadata?.httpStatusCode;
  const detail = `Textract ${operation}: ${name}${status ? ` (HTTP ${status})` : ""}: ${e.message ?? String(error)}`;
  if (THROTTLING.has(name) || status === 429) return new DocworkerError("THROTTLED", detail, { cause: error });
  if (UNSUPPORTED.has(name)) return new DocworkerError("UNSUPPORTED_TYPE", detail, { cause: error });
  if (TOO_LARGE.has(name)) return new DocworkerError("TOO_LARGE", detail, { cause: error });
  if (name === "InternalServerError" || (status !== undefined && status >= 500) || e.code === "ECONNREFUSED") {
    return new DocworkerError("DEPENDENCY_UNAVAILABLE", detail, { cause: error });
  }
  return new DocworkerError("INTERNAL", detail, { cause: error });
}
