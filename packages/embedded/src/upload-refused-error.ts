export const UPLOAD_REFUSAL_CODES = [
  "SIGNATURE_INVALID",
  "URL_EXPIRED",
  "TOO_LARGE",
  "CONTENT_TYPE_MISMATCH",
  "UPLOAD_USED",
] as const;
export type UploadRefusalCode = (typeof UPLOAD_REFUSAL_CODES)[number];

const HTTP_STATUS: Record<UploadRefusalCode, number> = {
  SIGNATURE_INVALID: 403,
  URL_EXPIRED: 403,
  TOO_LARGE: 413,
  // S3 answers a presigned PUT with another Content-Type with 403 SignatureDoesNotMatch.
  CONTENT_TYPE_MISMATCH: 403,
  // S3 answers a PUT with If-None-Match: * onto an existing object with 412 PreconditionFailed.
  UPLOAD_USED: 412,
};

/** Why a PUT to a pre-signed upload URL was refused; `httpStatus` is what the API should answer. */
export class UploadRefusedError extends Error {
  readonly code: UploadRefusalCode;
  readonly httpStatus: number;

  constructor(code: UploadRefusalCode, message: string) {
    super(message);
    this.name = "UploadRefusedError";
    this.code = code;
    this.httpStatus = HTTP_STATUS[code];
  }
}
