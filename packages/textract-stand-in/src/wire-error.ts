import { wireErrorClass } from "@docworker/wire-stand-in";

/** The Textract errors the stand-in answers with, and the HTTP status each has on the wire. */
export const ERROR_STATUS = {
  ThrottlingException: 400,
  ProvisionedThroughputExceededException: 400,
  InternalServerError: 500,
  InvalidParameterException: 400,
  UnsupportedDocumentException: 400,
  BadDocumentException: 400,
  DocumentTooLargeException: 400,
  InvalidJobIdException: 400,
  InvalidS3ObjectException: 400,
  UnknownOperationException: 400,
} as const;

export type TextractErrorType = keyof typeof ERROR_STATUS;

/**
 * An error as Textract (awsJson1_1) puts it on the wire: the status, `x-amzn-ErrorType` and a
 * JSON body with `__type` and `Message`, from which the SDK builds its typed exception.
 */
export class TextractWireError extends wireErrorClass(ERROR_STATUS) {
  get body(): Record<string, string> {
    return { __type: `com.amazonaws.textract#${this.type}`, Message: this.message };
  }
}
