import { createHash } from "node:crypto";
import { chmodSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type BlobStore,
  encodeS3EventBridgeEvent,
  type ObjectRef,
  type StoredObject,
  type UploadConstraints,
  type UploadRequestFacts,
  type UploadTarget,
} from "@docworker/core";
import { type PendingFile, startAtomicFile, sweepStaleTempFiles, writtenFile } from "./atomic-file.ts";
import { asKeyConflict, pruneEmptyParents, readBody, readSidecar, removeFile, type Sidecar } from "./blob-files.ts";
import { KeyLock } from "./key-lock.ts";
import { objectPath } from "./object-path.ts";
import { createMemorySequencerSource, type SequencerSource } from "./sequencer-source.ts";
import { loadOrCreateSigningSecret } from "./signing-secret.ts";
import { UploadRefusedError } from "./upload-refused-error.ts";
import { UploadSigner, type VerifiedUpload } from "./upload-signer.ts";

export interface FilesystemBlobStoreOptions {
  /** The data directory: one folder per bucket, plus `.meta/` (sidecars) and `.tmp/`. */
  rootDir: string;
  /** Buckets that announce puts and deletes like S3 with EventBridge notifications (the raw bucket). */
  notifyingBuckets?: string[];
  /** Receives each S3 EventBridge envelope as a JSON string; the embedded queue's `send`. */
  publish?: (body: string) => unknown;
  /** Orders the events of a key; default: time plus a counter, in-process. */
  sequencer?: SequencerSource;
  /** The upload signing secret; default: generated once and kept in `<rootDir>/.upload-signing-key`. */
  signingSecret?: string;
  /** Where clients reach the upload route; may be set later with setPublicBaseUrl. */
  publicBaseUrl?: string;
  clock?: () => Date;
}

export interface StreamedObject {
  etag: string;
  size: number;
}

/**
 * Buckets as folders: each object is a file at its key's path, with a JSON sidecar under `.meta/`
 * holding what S3 keeps beside the bytes (content type, ETag = MD5 hex, size, user metadata).
 * Writes go to a temporary file and are renamed into place. Puts and deletes on a notifying
 * bucket publish the EventBridge envelope S3 would send, so the worker cannot tell the difference.
 */
export class FilesystemBlobStore implements BlobStore {
  readonly rootDir: string;
  readonly #metaDir: string;
  readonly #tempDir: string;
  readonly #notifying: Set<string>;
  readonly #publish: ((body: string) => unknown) | undefined;
  readonly #sequencer: SequencerSource;
  readonly #clock: () => Date;
  readonly #signer: UploadSigner;
  readonly #locks = new KeyLock();
  #publicBaseUrl: string | undefined;

  constructor(options: FilesystemBlobStoreOptions) {
    this.rootDir = resolve(options.rootDir);
    this.#metaDir = join(this.rootDir, ".meta");
    this.#tempDir = join(this.rootDir, ".tmp");
    this.#notifying = new Set(options.notifyingBuckets ?? []);
    if (this.#notifying.size > 0 && !options.publish) throw new Error("notifying buckets need a publish callback");
    this.#publish = options.publish;
    this.#sequencer = options.sequencer ?? createMemorySequencerSource();
    this.#clock = options.clock ?? (() => new Date());
    this.#publicBaseUrl = options.publicBaseUrl;
    mkdirSync(this.rootDir, { recursive: true, mode: 0o700 });
    // mkdir's mode applies only to a directory it creates: an existing one is narrowed too.
    chmodSync(this.rootDir, 0o700);
    sweepStaleTempFiles(this.#tempDir, this.#clock());
    const secret = options.signingSecret ?? loadOrCreateSigningSecret(join(this.rootDir, ".upload-signing-key"));
    if (secret.length < 16) throw new Error("the upload signing secret must be at least 16 characters");
    this.#signer = new UploadSigner(secret, () => this.#publicBaseUrl);
  }

  /** Set once the HTTP server knows its address, e.g. "http://127.0.0.1:8080". */
  setPublicBaseUrl(url: string): void {
    this.#publicBaseUrl = url;
  }

  async get(ref: ObjectRef): Promise<StoredObject | undefined> {
    const path = objectPath(this.rootDir, ref);
    const sidecarPath = objectPath(this.#metaDir, ref, ".json");
    // Body and sidecar are two renames: a reader between them sees a body whose MD5 is not the
    // sidecar's. Reading again settles it; an object dropped in by hand has no sidecar at all.
    for (let attempt = 0; ; attempt++) {
      const sidecar = await readSidecar(sidecarPath);
      const body = await readBody(path);
      if (!body) return undefined;
      const etag = md5(body);
      if ((sidecar?.etag === etag && sidecar.size === body.byteLength) || attempt >= 3) {
        const consistent = sidecar?.etag === etag;
        return {
          body,
          size: body.byteLength,
          etag,
          metadata: consistent ? { ...sidecar.metadata } : {},
          ...(consistent && sidecar.contentType ? { contentType: sidecar.contentType } : {}),
        };
      }
      await sleep(5 * (attempt + 1));
    }
  }

  async put(
    ref: ObjectRef,
    body: Uint8Array,
    options: { contentType: string; metadata?: Record<string, string> },
  ): Promise<void> {
    objectPath(this.rootDir, ref);
    const file = await startAtomicFile(this.#tempDir);
    try {
      await file.write(body);
    } catch (error) {
      await file.discard();
      throw error;
    }
    await this.#commit(ref, file, { etag: md5(body), size: body.byteLength }, options);
  }

  /**
   * Writes a stream (an HTTP request body) without holding it in memory, counting bytes as they
   * arrive: past `maxBytes` it stops reading, discards what it wrote and throws TOO_LARGE.
   */
  async putStream(
    ref: ObjectRef,
    source: AsyncIterable<Uint8Array | string>,
    options: {
      contentType: string;
      metadata?: Record<string, string>;
      maxBytes: number;
      /** S3's If-None-Match: * — refuse (UPLOAD_USED) when the object already exists. */
      ifNoneMatch?: boolean;
    },
  ): Promise<StreamedObject> {
    objectPath(this.rootDir, ref);
    const file = await startAtomicFile(this.#tempDir);
    const hash = createHash("md5");
    let size = 0;
    try {
      for await (const piece of source) {
        const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
        size += chunk.byteLength;
        if (size > options.maxBytes) {
          throw new UploadRefusedError(
            "TOO_LARGE",
            `the body is larger than the ${options.maxBytes} bytes this upload allows`,
          );
        }
        hash.update(chunk);
        await file.write(chunk);
      }
    } catch (error) {
      await file.discard();
      throw error;
    }
    const written = { etag: hash.digest("hex"), size };
    await this.#commit(ref, file, written, options);
    return written;
  }

  async delete(ref: ObjectRef): Promise<void> {
    const path = objectPath(this.rootDir, ref);
    const sidecarPath = objectPath(this.#metaDir, ref, ".json");
    await this.#locks.run(lockKey(ref), async () => {
      await removeFile(path);
      await removeFile(sidecarPath);
      await pruneEmptyParents(path, join(this.rootDir, ref.bucket));
      await pruneEmptyParents(sidecarPath, join(this.#metaDir, ref.bucket));
      // S3 announces a delete even when there was nothing to delete.
      await this.#announce("Object Deleted", ref);
    });
  }

  async createUploadUrl(ref: ObjectRef, constraints: UploadConstraints): Promise<UploadTarget> {
    objectPath(this.rootDir, ref);
    return this.#signer.sign(ref, constraints, this.#clock());
  }

  /** Checks a PUT to an upload URL; throws UploadRefusedError (see its codes). */
  verifyUploadRequest(request: UploadRequestFacts): VerifiedUpload {
    return this.#signer.verify(request, this.#clock());
  }

  async #commit(
    ref: ObjectRef,
    file: PendingFile,
    written: StreamedObject,
    options: { contentType: string; metadata?: Record<string, string>; ifNoneMatch?: boolean },
  ): Promise<void> {
    const path = objectPath(this.rootDir, ref);
    const sidecarPath = objectPath(this.#metaDir, ref, ".json");
    await this.#locks.run(lockKey(ref), async () => {
      if (options.ifNoneMatch && (await readSidecar(sidecarPath))) {
        await file.discard();
        throw new UploadRefusedError("UPLOAD_USED", "an object was already uploaded with this URL");
      }
      const sidecar: Sidecar = {
        key: ref.key,
        contentType: options.contentType,
        etag: written.etag,
        size: written.size,
        metadata: { ...(options.metadata ?? {}) },
        lastModified: this.#clock().toISOString(),
      };
      let sidecarFile: PendingFile | undefined;
      try {
        sidecarFile = await writtenFile(this.#tempDir, Buffer.from(JSON.stringify(sidecar)));
        // Both files reach the disk in one wait, not one after the other; then the body is
        // renamed into place before the sidecar that describes it.
        await Promise.all([file.flush(), sidecarFile.flush()]);
        await file.commit(path);
        await sidecarFile.commit(sidecarPath);
      } catch (error) {
        await Promise.all([file.discard(), sidecarFile?.discard()]);
        throw asKeyConflict(error, ref);
      }
      await this.#announce("Object Created", ref, written);
    });
  }

  async #announce(type: "Object Created" | "Object Deleted", ref: ObjectRef, written?: StreamedObject): Promise<void> {
    if (!this.#notifying.has(ref.bucket) || !this.#publish) return;
    const envelope = encodeS3EventBridgeEvent({
      type,
      bucket: ref.bucket,
      key: ref.key,
      sequencer: this.#sequencer(),
      time: this.#clock(),
      ...(written ? { size: written.size, etag: written.etag } : {}),
    });
    await this.#publish(JSON.stringify(envelope));
  }
}

function lockKey(ref: ObjectRef): string {
  return `${ref.bucket}/${ref.key}`;
}

function md5(body: Uint8Array): string {
  return createHash("md5").update(body).digest("hex");
}
