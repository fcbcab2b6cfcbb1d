import { compareSequencers, decodeS3EventBridgeMessage, encodeS3EventBridgeEvent } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { MOTO_S3_SEQUENCER, normaliseEmulatedS3Event } from "../../src/sqs/emulated-s3-events.ts";

/** An event as moto 5 sends it through EventBridge (moto/s3/notifications.py). */
const moto = (time: string, etag = "9b2cf535f27731c974343645a3985328") =>
  JSON.stringify({
    version: "0",
    id: "17793124-05d4-b198-2fde-7ededc63b103",
    "detail-type": "Object Created",
    source: "aws.s3",
    account: "123456789012",
    time,
    region: "us-east-1",
    resources: ["arn:aws:s3:::raw-input"],
    detail: {
      version: "0",
      bucket: { name: "raw-input" },
      object: { key: "inbox/a.pdf", size: 12, eTag: etag, "version-id": "null", sequencer: MOTO_S3_SEQUENCER },
      reason: "ObjectCreated",
    },
  });

const decoded = (body: string) => {
  const message = decodeS3EventBridgeMessage(normaliseEmulatedS3Event(body));
  if (message.kind !== "event" || message.event.type !== "ObjectCreated") throw new Error("not a create");
  return message.event;
};

describe("moto's S3 events at the SQS edge", () => {
  it("spell the ETag as S3 does, so core finds the version", () => {
    expect(decoded(moto("2025-06-01T10:00:00Z"))).toMatchObject({ version: "9b2cf535f27731c974343645a3985328" });
  });

  it("order by their time instead of moto's one constant sequencer; events of one second tie", () => {
    const early = decoded(moto("2025-06-01T10:00:00Z")).sequencer;
    const late = decoded(moto("2025-06-01T10:00:01Z")).sequencer;
    expect(compareSequencers(early, late)).toBeLessThan(0);
    expect(decoded(moto("2025-06-01T10:00:01Z", "other")).sequencer).toBe(late);
  });

  it("leave S3's own events and what is not an event as they are", () => {
    const s3 = JSON.stringify(
      encodeS3EventBridgeEvent({
        type: "Object Created",
        bucket: "raw-input",
        key: "a.pdf",
        etag: "e",
        sequencer: "0A",
      }),
    );
    expect(normaliseEmulatedS3Event(s3)).toBe(s3);
    expect(normaliseEmulatedS3Event('{"eTag": [')).toBe('{"eTag": [');
    expect(normaliseEmulatedS3Event("hello")).toBe("hello");
  });
});
