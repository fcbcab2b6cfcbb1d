import { type Static, Type } from "typebox";
// The schema compiler, not typebox/compile: that one adds the typebox/value operations, unused here.
import { Compile } from "typebox/schema";
import { DocworkerError } from "../domain/errors.ts";
import { sequencerFromTime } from "../domain/sequencer.ts";
import type { ObjectEvent } from "./object-event.ts";

/**
 * The EventBridge envelope S3 sends ("Object Created", "Object Deleted", ...). Only the fields
 * docworker reads are required; everything else passes through.
 */
const S3EventBridgeEnvelope = Type.Object({
  "detail-type": Type.String(),
  source: Type.Literal("aws.s3"),
  time: Type.String(),
  detail: Type.Object({
    bucket: Type.Object({ name: Type.String({ minLength: 1 }) }),
    object: Type.Object({
      key: Type.String({ minLength: 1 }),
      size: Type.Optional(Type.Number()),
      etag: Type.Optional(Type.String()),
      "version-id": Type.Optional(Type.String()),
      sequencer: Type.Optional(Type.String()),
    }),
    reason: Type.Optional(Type.String()),
    /** Object Deleted only: "Delete Marker Created" or "Permanently Deleted". */
    "deletion-type": Type.Optional(Type.String()),
  }),
});
export type S3EventBridgeEnvelope = Static<typeof S3EventBridgeEnvelope>;

const validateEnvelope = Compile(S3EventBridgeEnvelope);

export type DecodedMessage = { kind: "event"; event: ObjectEvent } | { kind: "ignored"; detailType: string };

/**
 * Decodes one queue message body. Throws a non-retryable INVALID_EVENT for anything that is not
 * an S3 EventBridge event; returns "ignored" for S3 events docworker does not act on (tags, ACLs).
 */
export function decodeS3EventBridgeMessage(body: string): DecodedMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (cause) {
    throw new DocworkerError("INVALID_EVENT", "message body is not JSON", { cause });
  }
  if (!validateEnvelope.Check(parsed)) {
    const [, errors] = validateEnvelope.Errors(parsed);
    const first = errors[0];
    const where = first ? `${first.instancePath || "/"} ${first.message}` : "unknown shape";
    throw new DocworkerError("INVALID_EVENT", `not an S3 EventBridge event: ${where}`);
  }
  const envelope = parsed;
  const detailType = envelope["detail-type"];
  if (detailType !== "Object Created" && detailType !== "Object Deleted") {
    return { kind: "ignored", detailType };
  }
  const { bucket, object } = envelope.detail;
  // Kept as sent: classic S3 notifications URL-encode keys, and the blob read falls back to the
  // decoded form when the key as sent does not exist (see alternateKeyForm).
  const key = object.key;
  const versionId = object["version-id"] && object["version-id"] !== "null" ? object["version-id"] : undefined;
  const sequencer = object.sequencer ?? sequencerFromTime(Date.parse(envelope.time) || 0);
  const ref = { bucket: bucket.name, key };
  if (detailType === "Object Deleted") {
    // A delete marker hides the current version; a permanent delete with a version id removes that
    // one version, which may be a noncurrent one (an old version expiring must not delete the live
    // document). On an unversioned bucket ("null" or no version id) a permanent delete is the object.
    const deletionType = envelope.detail["deletion-type"];
    const removes = deletionType === "Permanently Deleted" && versionId ? "version" : "current";
    const reason = envelope.detail.reason;
    return {
      kind: "event",
      event: {
        type: "ObjectDeleted",
        object: ref,
        removes,
        sequencer,
        time: envelope.time,
        ...(versionId ? { versionId } : {}),
        ...(reason ? { reason } : {}),
      },
    };
  }
  const etag = object.etag?.replaceAll('"', "");
  const version = versionId ?? etag;
  if (!version) throw new DocworkerError("INVALID_EVENT", "Object Created event has neither etag nor version-id");
  return {
    kind: "event",
    event: {
      type: "ObjectCreated",
      object: ref,
      version,
      sequencer,
      time: envelope.time,
      ...(etag ? { etag } : {}),
      ...(versionId ? { versionId } : {}),
      ...(object.size === undefined ? {} : { size: object.size }),
    },
  };
}

/** The URL-decoded form of a key, when it differs from the key as sent. */
export function alternateKeyForm(key: string): string | undefined {
  if (!/[%+]/.test(key)) return undefined;
  try {
    const decoded = decodeURIComponent(key.replaceAll("+", " "));
    return decoded === key ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/** Builds the envelope S3 would send; the embedded blob store emits exactly this. */
export function encodeS3EventBridgeEvent(input: {
  type: "Object Created" | "Object Deleted";
  bucket: string;
  key: string;
  size?: number;
  etag?: string;
  sequencer: string;
  time?: Date;
  region?: string;
  account?: string;
}): Record<string, unknown> & { detail: Record<string, unknown> } {
  const time = (input.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    version: "0",
    id: crypto.randomUUID(),
    "detail-type": input.type,
    source: "aws.s3",
    account: input.account ?? "000000000000",
    time,
    region: input.region ?? "local",
    resources: [`arn:aws:s3:::${input.bucket}`],
    detail: {
      version: "0",
      bucket: { name: input.bucket },
      object: {
        key: input.key,
        ...(input.size === undefined ? {} : { size: input.size }),
        ...(input.etag === undefined ? {} : { etag: input.etag }),
        sequencer: input.sequencer,
      },
      reason: input.type === "Object Created" ? "PutObject" : "DeleteObject",
      // The embedded store keeps no versions: a delete removes the object for good.
      ...(input.type === "Object Deleted" ? { "deletion-type": "Permanently Deleted" } : {}),
    },
  };
}
