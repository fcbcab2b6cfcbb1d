import { UPLOAD_REFUSAL_STATUS, type UploadRefusalCode } from "@docworker/core";

/** Why a PUT to a pre-signed upload URL was refused; `httpStatus` is what the API answers. */
export class UploadRefusedError extends Error {
  readonly code: UploadRefusalCode;
  readonly httpStatus: number;

  constructor(code: UploadRefusalCode, message: string) {
    super(message);
    this.name = "UploadRefusedError";
    this.code = code;
    this.httpStatus = UPLOAD_REFUSAL_STATUS[code];
  }
}
