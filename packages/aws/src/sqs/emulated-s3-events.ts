import { sequencerFromTime } from "@docworker/core";

/** The sequencer moto puts on every S3 event it sends, whatever the key and the operation. */
export const MOTO_S3_SEQUENCER = "617f08299329d189";

/**
 * Puts an S3 event from moto into S3's own shape before core reads it; S3's events pass
 * through as they are. moto's S3 → EventBridge events differ in two ways that matter:
 * - the ETag is spelled `eTag` (S3: `etag`), which is also how such an event is recognised;
 * - every event carries one constant sequencer, so nothing would tell a newer version, or a
 *   delete, from an older event. It is replaced by a sequencer made from the event's time: moto's
 *   times have whole seconds, so events of one second share one, as a redelivered event does on S3.
 * Bodies that are not JSON objects are left for core to refuse.
 */
export function normaliseEmulatedS3Event(body: string): string {
  if (!body.includes('"eTag"')) return body;
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    return body;
  }
  const object = objectOf(event);
  if (!object || typeof object.eTag !== "string" || object.etag !== undefined) return body;
  const { eTag, ...rest } = object;
  const next: Record<string, unknown> = { ...rest, etag: eTag };
  const time = Date.parse(String((event as { time?: unknown }).time));
  if (object.sequencer === MOTO_S3_SEQUENCER && !Number.isNaN(time)) next.sequencer = sequencerFromTime(time);
  const envelope = event as { detail: Record<string, unknown> };
  return JSON.stringify({ ...envelope, detail: { ...envelope.detail, object: next } });
}

function objectOf(event: unknown): Record<string, unknown> | undefined {
  const detail = (event as { detail?: unknown } | null)?.detail;
  const object = (detail as { object?: unknown } | null | undefined)?.object;
  return object !== null && typeof object === "object" && !Array.isArray(object)
    ? (object as Record<string, unknown>)
    : undefined;
}
