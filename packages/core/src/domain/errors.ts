/**
 * Stable reason codes. A document that ends FAILED carries one of these; clients may branch on
 * them, so a code, once published, is never renamed.
 */
export const DETERMINISTIC_ERROR_CODES = [
  "UNSUPPORTED_TYPE",
  "ENCRYPTED",
  "CORRUPT",
  "EMPTY",
  "TOO_LARGE",
  "NO_TEXT_LAYER",
  "EXTRACTION_INVALID",
  "INVALID_EVENT",
  /** The object was deleted before it could be read; its delete event settles the record. */
  "OBJECT_MISSING",
  /** The object was overwritten before it could be read; the newer version's event processes it. */
  "OBJECT_CHANGED",
] as const;

export const TRANSIENT_ERROR_CODES = [
  "THROTTLED",
  "DEPENDENCY_UNAVAILABLE",
  "TIMEOUT",
  "INTERNAL",
  /** A transient error that kept happening until the attempt budget ran out. */
  "RETRIES_EXHAUSTED",
] as const;

export type DeterministicErrorCode = (typeof DETERMINISTIC_ERROR_CODES)[number];
export type TransientErrorCode = (typeof TRANSIENT_ERROR_CODES)[number];
export type ErrorCode = DeterministicErrorCode | TransientErrorCode;

export interface DocumentError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}

/** An error docworker understands: it knows its code and whether trying again can help. */
export class DocworkerError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DocworkerError";
    this.code = code;
    this.retryable = options?.retryable ?? (TRANSIENT_ERROR_CODES as readonly string[]).includes(code);
  }

  toDocumentError(): DocumentError {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** Unknown errors are treated as transient: a bug or an outage should not fail a document forever. */
export function toDocumentError(error: unknown): DocumentError {
  if (error instanceof DocworkerError) return error.toDocumentError();
  const message = error instanceof Error ? error.message : String(error);
  return { code: "INTERNAL", message, retryable: true };
}
