import { wireErrorClass } from "@docworker/wire-stand-in";

/** The Bedrock runtime errors the stand-in answers with, and the HTTP status each has on the wire. */
export const ERROR_STATUS = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ThrottlingException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
  UnknownOperationException: 404,
} as const;

export type BedrockErrorType = keyof typeof ERROR_STATUS;

/**
 * An error as Bedrock puts it on the wire (restJson1): the status, the `x-amzn-ErrorType` header
 * naming the shape (with the service namespace suffix Bedrock sends, which the SDK strips at the
 * colon) and a JSON body `{message}`. The SDK maps the header to its typed exception class.
 */
export class BedrockWireError extends wireErrorClass(ERROR_STATUS) {
  get headerValue(): string {
    return `${this.type}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
  }
}

/** Titan's own wording for a request body that does not match its input schema. */
export function malformedInput(detail: string): BedrockWireError {
  return new BedrockWireError(
    "ValidationException",
    `Malformed input request: ${detail}, please reformat your input and try again.`,
  );
}
