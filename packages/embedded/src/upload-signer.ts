import { createHmac, timingSafeEqual } from "node:crypto";
import type { ObjectRef, UploadConstraints, UploadRequestFacts, UploadTarget } from "@docworker/core";
import { UploadRefusedError } from "./upload-refused-error.ts";

const EXPIRES = "X-Docworker-Expires";
const CONTENT_TYPE = "X-Docworker-Content-Type";
const MAX_BYTES = "X-Docworker-Max-Bytes";
const METADATA = "X-Docworker-Metadata";
const SIGNATURE = "X-Docworker-Signature";

/** What a valid URL allows: write this object, of this type, up to this size, with this metadata. */
export interface VerifiedUpload {
  ref: ObjectRef;
  contentType: string;
  maxBytes: number;
  metadata: Record<string, string>;
  expiresAt: string;
}

/**
 * Pre-signed upload URLs in the manner of S3's: every constraint travels in the query and is
 * covered by an HMAC-SHA256 signature, so the server keeps no state per URL.
 */
export class UploadSigner {
  readonly #secret: string;
  readonly #baseUrl: () => string | undefined;

  constructor(secret: string, publicBaseUrl: () => string | undefined) {
    this.#secret = secret;
    this.#baseUrl = publicBaseUrl;
  }

  sign(ref: ObjectRef, constraints: UploadConstraints, now = new Date()): UploadTarget {
    const base = this.#baseUrl();
    if (!base) throw new Error("the public base URL for uploads is not set yet (setPublicBaseUrl)");
    const expires = Math.floor(now.getTime() / 1000) + constraints.expiresInSeconds;
    const contentType = constraints.contentType;
    const fields = {
      expires: String(expires),
      contentType,
      maxBytes: String(constraints.maxBytes),
      metadata: encodeMetadata(constraints.metadata),
    };
    const query = new URLSearchParams({
      [EXPIRES]: fields.expires,
      [CONTENT_TYPE]: contentType,
      [MAX_BYTES]: fields.maxBytes,
    });
    if (fields.metadata) query.set(METADATA, fields.metadata);
    query.set(SIGNATURE, this.#signature(ref, fields));
    const path = `${encodeURIComponent(ref.bucket)}/${ref.key.split("/").map(encodeURIComponent).join("/")}`;
    return {
      url: `${base.replace(/\/+$/, "")}/uploads/${path}?${query}`,
      method: "PUT",
      headers: { "content-type": contentType },
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  /** Checks a PUT against its URL; throws UploadRefusedError, signature first so nothing leaks. */
  verify(request: UploadRequestFacts, now = new Date()): VerifiedUpload {
    const expires = single(request.query, EXPIRES);
    const contentType = single(request.query, CONTENT_TYPE);
    const maxBytesField = single(request.query, MAX_BYTES);
    const metadata = single(request.query, METADATA) ?? "";
    const signature = single(request.query, SIGNATURE);
    const ref = { bucket: request.bucket, key: request.key };
    if (expires === undefined || contentType === undefined || maxBytesField === undefined || !signature) {
      throw new UploadRefusedError("SIGNATURE_INVALID", "the upload URL is missing signed parameters");
    }
    // Buffer.from(…, "hex") stops at the first non-hex character: check the form first.
    if (!/^[0-9a-f]{64}$/i.test(signature)) {
      throw new UploadRefusedError("SIGNATURE_INVALID", "the upload URL's signature is not 64 hexadecimal characters");
    }
    const fields = { expires, contentType, maxBytes: maxBytesField, metadata };
    const expected = Buffer.from(this.#signature(ref, fields), "hex");
    const given = Buffer.from(signature, "hex");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UploadRefusedError("SIGNATURE_INVALID", "the upload URL's signature does not match");
    }
    const expiresAt = Number(fields.expires) * 1000;
    if (now.getTime() > expiresAt) throw new UploadRefusedError("URL_EXPIRED", "the upload URL has expired");
    if (normaliseMediaType(request.contentType) !== normaliseMediaType(fields.contentType)) {
      throw new UploadRefusedError(
        "CONTENT_TYPE_MISMATCH",
        `the URL was signed for Content-Type ${fields.contentType}`,
      );
    }
    const maxBytes = Number(fields.maxBytes);
    if (request.contentLength !== undefined && request.contentLength > maxBytes) {
      throw new UploadRefusedError(
        "TOO_LARGE",
        `the body is ${request.contentLength} bytes; this URL allows ${maxBytes}`,
      );
    }
    return {
      ref,
      contentType: fields.contentType,
      maxBytes,
      metadata: decodeMetadata(fields.metadata),
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  #signature(
    ref: ObjectRef,
    fields: { expires: string; contentType: string; maxBytes: string; metadata: string },
  ): string {
    // A JSON array cannot be re-split differently, unlike fields joined with a separator.
    const canonical = JSON.stringify([
      "PUT",
      ref.bucket,
      ref.key,
      fields.expires,
      fields.contentType,
      fields.maxBytes,
      fields.metadata,
    ]);
    return createHmac("sha256", this.#secret).update(canonical).digest("hex");
  }
}

function single(query: UploadRequestFacts["query"], name: string): string | undefined {
  const values = query instanceof URLSearchParams ? query.getAll(name) : [query[name] ?? []].flat();
  // A repeated parameter is ambiguous: which one did the signer mean?
  return values.length === 1 ? values[0] : values.length === 0 ? undefined : "";
}

function normaliseMediaType(value: string | undefined): string {
  return (value ?? "").toLowerCase().replace(/\s+/g, "");
}

function encodeMetadata(metadata: Record<string, string>): string {
  const entries = Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? "" : Buffer.from(JSON.stringify(Object.fromEntries(entries))).toString("base64url");
}

function decodeMetadata(encoded: string): Record<string, string> {
  if (!encoded) return {};
  return JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as Record<string, string>;
}
