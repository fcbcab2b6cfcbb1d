/**
 * The PUT a client makes to a pre-signed upload URL, as the HTTP layer hands it over: the query
 * as URLSearchParams or as a framework's parsed query object.
 */
export interface UploadRequestFacts {
  bucket: string;
  /** The object key, decoded from the request path. */
  key: string;
  query: URLSearchParams | Record<string, string | string[] | undefined>;
  /** The request's Content-Type header. */
  contentType?: string | undefined;
  /** The request's Content-Length header, when the client sent one. */
  contentLength?: number | undefined;
}

export const UPLOAD_REFUSAL_CODES = [
  "SIGNATURE_INVALID",
  "URL_EXPIRED",
  "TOO_LARGE",
  "CONTENT_TYPE_MISMATCH",
  "UPLOAD_USED",
] as const;
export type UploadRefusalCode = (typeof UPLOAD_REFUSAL_CODES)[number];

/** What the upload route answers for each refusal: S3's status for the same request. */
export const UPLOAD_REFUSAL_STATUS: Readonly<Record<UploadRefusalCode, number>> = {
  SIGNATURE_INVALID: 403,
  URL_EXPIRED: 403,
  TOO_LARGE: 413,
  // S3 answers a presigned PUT with another Content-Type with 403 SignatureDoesNotMatch.
  CONTENT_TYPE_MISMATCH: 403,
  // S3 answers a PUT with If-None-Match: * onto an existing object with 412 PreconditionFailed.
  UPLOAD_USED: 412,
};

export function isUploadRefusalCode(code: unknown): code is UploadRefusalCode {
  return typeof code === "string" && (UPLOAD_REFUSAL_CODES as readonly string[]).includes(code);
}

/**
 * The receiving end of the pre-signed upload URLs where no S3 plays that role (the embedded
 * store): the API's PUT /uploads/{bucket}/{key} route checks a request, then streams its body in.
 * Both throw an error whose `code` is an UploadRefusalCode.
 */
export interface UploadReceiver {
  /** Set once the HTTP server knows its address, e.g. "http://127.0.0.1:8080". */
  setPublicBaseUrl(url: string): void;
  /** Checks the request before any of the body is read. */
  verify(request: UploadRequestFacts): Promise<void>;
  /** Verifies again, then streams the body into the bucket, refusing it past the signed size. */
  store(request: UploadRequestFacts, body: AsyncIterable<Uint8Array | string>): Promise<void>;
}
