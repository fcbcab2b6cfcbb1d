import type { GetObjectCommandOutput, PutObjectCommandInput, S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import {
  type BlobStore,
  DocworkerError,
  type ObjectRef,
  type StoredObject,
  type UploadConstraints,
  type UploadTarget,
} from "@docworker/core";
import { type OnFirstUse, onFirstUse } from "../on-first-use.ts";
import { decodeMetadata, encodeMetadata } from "./user-metadata.ts";

/** The S3 SDK and its two clients, made on the store's first call. */
interface S3Clients {
  sdk: typeof import("@aws-sdk/client-s3");
  getSignedUrl: typeof import("@aws-sdk/s3-request-presigner").getSignedUrl;
  client: S3Client;
  presignClient: S3Client;
}

/** SigV4 query signatures cannot live longer than seven days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

export interface S3BlobStoreOptions {
  /**
   * Region, credentials, and for moto/LocalStack `endpoint` plus `forcePathStyle: true`. The store
   * makes its own clients from it: one for requests, one for pre-signing (see createUploadUrl).
   */
  clientConfig?: S3ClientConfig;
  /**
   * A KMS key (id, ARN or alias) to encrypt with (SSE-KMS): applied to every put and required by
   * every upload URL. Unset: the bucket's default encryption applies (SSE-S3 at least, on AWS).
   */
  kmsKeyId?: string;
  clock?: () => Date;
}

/**
 * BlobStore on S3. Reads and writes whole objects; upload URLs are pre-signed PUTs.
 *
 * What a pre-signed PUT can and cannot enforce: the signature covers the method, bucket, key,
 * expiry and the headers listed in `headers` (content type, user metadata, SSE-KMS), so S3 refuses
 * an upload that changes any of them. It cannot cap the size: only an exact Content-Length could be
 * signed, and the size is not known when the URL is made (a presigned POST could carry a
 * content-length-range, but the UploadTarget is a PUT). Oversized uploads are therefore stored,
 * and the worker refuses them as TOO_LARGE from the size in their S3 event before reading them.
 */
export class S3BlobStore implements BlobStore {
  readonly #kmsKeyId: string | undefined;
  readonly #clock: () => Date;
  /** Loaded on the first call, not with the store: an idle API or worker holds none of it (some 6 MB). */
  readonly #clients: OnFirstUse<S3Clients>;

  constructor(options: S3BlobStoreOptions = {}) {
    const config: S3ClientConfig = options.clientConfig ?? {};
    this.#kmsKeyId = options.kmsKeyId;
    this.#clock = options.clock ?? (() => new Date());
    this.#clients = onFirstUse(async () => {
      const [sdk, presigner] = await Promise.all([
        import("@aws-sdk/client-s3"),
        import("@aws-sdk/s3-request-presigner"),
      ]);
      return {
        sdk,
        getSignedUrl: presigner.getSignedUrl,
        client: new sdk.S3Client(config),
        // With the SDK's default (checksums "when supported") a pre-signed PutObject carries the CRC32
        // of an empty body in its query string, and S3 would reject every real upload against it.
        presignClient: new sdk.S3Client({ ...config, requestChecksumCalculation: "WHEN_REQUIRED" }),
      };
    });
  }

  async get(ref: ObjectRef): Promise<StoredObject | undefined> {
    const { sdk, client } = await this.#clients.get();
    let output: GetObjectCommandOutput;
    try {
      output = await client.send(new sdk.GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      if (isAccessDenied(error)) {
        // S3 answers a missing key with 403, not 404, to a caller without s3:ListBucket on the
        // bucket: the two must not be confused, or a deleted object is retried as a denial.
        throw new DocworkerError(
          "INTERNAL",
          `s3:GetObject on ${ref.bucket}/${ref.key} was denied (403): the role needs s3:GetObject on the objects ` +
            "and s3:ListBucket on the bucket (without it S3 reports a missing object as 403)",
          { cause: error },
        );
      }
      throw error;
    }
    const body = output.Body ? await output.Body.transformToByteArray() : new Uint8Array();
    return {
      body,
      size: body.byteLength,
      metadata: decodeMetadata(output.Metadata),
      ...(output.ContentType ? { contentType: output.ContentType } : {}),
      ...(output.ETag ? { etag: output.ETag.replaceAll('"', "") } : {}),
      ...(output.VersionId && output.VersionId !== "null" ? { versionId: output.VersionId } : {}),
    };
  }

  async put(
    ref: ObjectRef,
    body: Uint8Array,
    options: { contentType: string; metadata?: Record<string, string> },
  ): Promise<void> {
    const { sdk, client } = await this.#clients.get();
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        Body: body,
        ContentType: options.contentType,
        Metadata: encodeMetadata(options.metadata),
        ...this.#encryption(),
      }),
    );
  }

  async delete(ref: ObjectRef): Promise<void> {
    const { sdk, client } = await this.#clients.get();
    // S3 answers 204 for a key that does not exist; a missing bucket is a real error.
    await client.send(new sdk.DeleteObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
  }

  async createUploadUrl(ref: ObjectRef, constraints: UploadConstraints): Promise<UploadTarget> {
    const { sdk, getSignedUrl, presignClient } = await this.#clients.get();
    const signedAt = this.#clock();
    const expiresIn = Math.max(1, Math.min(MAX_PRESIGN_SECONDS, Math.trunc(constraints.expiresInSeconds)));
    const metadata = encodeMetadata(constraints.metadata);
    const encryption = this.#encryption();
    // If-None-Match: * (S3 conditional writes) makes the URL single-use: a replay, with other
    // bytes or the same, is refused with 412 instead of replacing the document.
    const headers: Record<string, string> = { "content-type": constraints.contentType, "if-none-match": "*" };
    for (const [name, value] of Object.entries(metadata)) headers[`x-amz-meta-${name}`] = value;
    if (encryption.ServerSideEncryption) headers["x-amz-server-side-encryption"] = encryption.ServerSideEncryption;
    if (encryption.SSEKMSKeyId) headers["x-amz-server-side-encryption-aws-kms-key-id"] = encryption.SSEKMSKeyId;
    const url = await getSignedUrl(
      presignClient,
      new sdk.PutObjectCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        ContentType: constraints.contentType,
        Metadata: metadata,
        IfNoneMatch: "*",
        ...encryption,
      }),
      {
        expiresIn,
        signingDate: signedAt,
        // Signed, and kept as headers (not hoisted into the query): the client must send exactly these.
        signableHeaders: new Set(["content-type", "if-none-match"]),
        unhoistableHeaders: new Set(Object.keys(headers).filter((name) => name.startsWith("x-amz-"))),
      },
    );
    // Note: with temporary credentials (an ECS task role) the URL also stops working when they expire.
    return {
      url,
      method: "PUT",
      headers,
      expiresAt: new Date(signedAt.getTime() + expiresIn * 1000).toISOString(),
    };
  }

  /** Closes the clients' connection pools (once they are made, if a call is still making them). */
  destroy(): void {
    this.#clients.ifMade(({ client, presignClient }) => {
      client.destroy();
      presignClient.destroy();
    });
  }

  #encryption(): Pick<PutObjectCommandInput, "ServerSideEncryption" | "SSEKMSKeyId"> {
    return this.#kmsKeyId ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: this.#kmsKeyId } : {};
  }
}

function isAccessDenied(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === "AccessDenied" || e?.$metadata?.httpStatusCode === 403;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === "NoSuchKey" || name === "NotFound";
}
