import { describe, expect, it } from "vitest";
import { DocworkerError } from "../src/domain/errors.ts";
import {
  alternateKeyForm,
  decodeS3EventBridgeMessage,
  encodeS3EventBridgeEvent,
} from "../src/events/s3-eventbridge.ts";

// Copies of the samples in shared/datasets/aws-events (AWS documentation / Powertools).
const created = {
  version: "0",
  id: "f5f1e65c-dc3a-93ca-6c1e-b1647eac7963",
  "detail-type": "Object Created",
  source: "aws.s3",
  account: "123456789012",
  time: "2023-03-08T17:50:14Z",
  region: "eu-west-1",
  resources: ["arn:aws:s3:::example-bucket"],
  detail: {
    version: "0",
    bucket: { name: "example-bucket" },
    object: {
      key: "IMG_m7fzo3.jpg",
      size: 184662,
      etag: "4e68adba0abe2dc8653dc3354e14c01d",
      sequencer: "006408CAD69598B05E",
    },
    "request-id": "57H08PA84AB1JZW0",
    requester: "123456789012",
    "source-ip-address": "34.252.34.74",
    reason: "PutObject",
  },
};

describe("decodeS3EventBridgeMessage", () => {
  it("decodes an Object Created event", () => {
    const decoded = decodeS3EventBridgeMessage(JSON.stringify(created));
    expect(decoded).toEqual({
      kind: "event",
      event: {
        type: "ObjectCreated",
        object: { bucket: "example-bucket", key: "IMG_m7fzo3.jpg" },
        version: "4e68adba0abe2dc8653dc3354e14c01d",
        etag: "4e68adba0abe2dc8653dc3354e14c01d",
        size: 184662,
        sequencer: "006408CAD69598B05E",
        time: "2023-03-08T17:50:14Z",
      },
    });
  });

  it("prefers the version-id on versioned buckets, else the etag", () => {
    const object: Record<string, string> = { key: "a.pdf", etag: "abc", "version-id": "v2", sequencer: "01" };
    const versioned = { ...created, detail: { ...created.detail, object } };
    const decoded = decodeS3EventBridgeMessage(JSON.stringify(versioned));
    expect(decoded.kind === "event" && decoded.event.type === "ObjectCreated" && decoded.event.version).toBe("v2");
    object["version-id"] = "null";
    const unversioned = decodeS3EventBridgeMessage(JSON.stringify(versioned));
    expect(
      unversioned.kind === "event" && unversioned.event.type === "ObjectCreated" && unversioned.event.version,
    ).toBe("abc");
  });

  it("decodes an Object Deleted event", () => {
    const deleted = {
      ...created,
      "detail-type": "Object Deleted",
      detail: { ...created.detail, object: { key: "IMG_m7fzo3.jpg", sequencer: "006408CAD69598B05F" } },
    };
    const decoded = decodeS3EventBridgeMessage(JSON.stringify(deleted));
    expect(decoded).toMatchObject({ kind: "event", event: { type: "ObjectDeleted", sequencer: "006408CAD69598B05F" } });
  });

  it("ignores other S3 detail types", () => {
    expect(decodeS3EventBridgeMessage(JSON.stringify({ ...created, "detail-type": "Object Tags Added" }))).toEqual({
      kind: "ignored",
      detailType: "Object Tags Added",
    });
  });

  it.each([
    ["not JSON", "{oops"],
    ["another source", JSON.stringify({ ...created, source: "aws.ec2" })],
    ["no key", JSON.stringify({ ...created, detail: { bucket: { name: "b" }, object: {} } })],
    ["an SQS test event", JSON.stringify({ Event: "s3:TestEvent" })],
  ])("refuses %s with INVALID_EVENT", (_name, body) => {
    expect(() => decodeS3EventBridgeMessage(body)).toThrow(DocworkerError);
    try {
      decodeS3EventBridgeMessage(body);
    } catch (error) {
      expect((error as DocworkerError).code).toBe("INVALID_EVENT");
      expect((error as DocworkerError).retryable).toBe(false);
    }
  });

  it("round-trips what the embedded store emits", () => {
    const envelope = encodeS3EventBridgeEvent({
      type: "Object Created",
      bucket: "raw",
      key: "a b.txt",
      size: 3,
      etag: "e",
      sequencer: "0A",
    });
    const decoded = decodeS3EventBridgeMessage(JSON.stringify(envelope));
    expect(decoded).toMatchObject({
      kind: "event",
      event: { object: { bucket: "raw", key: "a b.txt" }, version: "e", size: 3 },
    });
  });

  it("offers the URL-decoded form of an encoded key", () => {
    expect(alternateKeyForm("red+flower%281%29.jpg")).toBe("red flower(1).jpg");
    expect(alternateKeyForm("plain/key.pdf")).toBeUndefined();
  });
});

describe("decodeS3EventBridgeMessage: what an Object Deleted removes", () => {
  // The shapes of the S3 EventBridge documentation ("Object deleted (using DeleteObject)" and
  // "Object deleted (using Lifecycle expiration)").
  const deleted = (detail: Record<string, unknown>, object: Record<string, unknown>) =>
    JSON.stringify({
      ...created,
      "detail-type": "Object Deleted",
      detail: {
        version: "0",
        bucket: { name: "example-bucket" },
        object: { key: "example-key", sequencer: "617f0837b476e463", ...object },
        "request-id": "0BH729840619AG5K",
        requester: "123456789012",
        "source-ip-address": "1.2.3.4",
        ...detail,
      },
    });
  const removes = (body: string) => {
    const decoded = decodeS3EventBridgeMessage(body);
    return decoded.kind === "event" && decoded.event.type === "ObjectDeleted" ? decoded.event : undefined;
  };

  it("a delete marker removes the current version", () => {
    const event = removes(
      deleted(
        { reason: "DeleteObject", "deletion-type": "Delete Marker Created" },
        { "version-id": "1QW9g1Z99LUNbvaaYVpW9xDlOLU.qxgF" },
      ),
    );
    expect(event).toMatchObject({ removes: "current", reason: "DeleteObject" });
  });

  it("the lifecycle expiring a version permanently removes that version only", () => {
    const event = removes(
      deleted(
        { reason: "Lifecycle Expiration", "deletion-type": "Permanently Deleted" },
        { etag: "d41d8cd98f00b204e9800998ecf8427e", "version-id": "mtB0cV.jejK63XkRNceanNMC.qXPWLeK" },
      ),
    );
    expect(event).toMatchObject({
      removes: "version",
      versionId: "mtB0cV.jejK63XkRNceanNMC.qXPWLeK",
      reason: "Lifecycle Expiration",
    });
  });

  it("a permanent delete on an unversioned bucket removes the object", () => {
    const event = removes(
      deleted({ reason: "DeleteObject", "deletion-type": "Permanently Deleted" }, { "version-id": "null" }),
    );
    expect(event).toMatchObject({ removes: "current" });
    expect(event?.versionId).toBeUndefined();
  });

  it("an event without deletion-type (older senders, emulators) removes the current version", () => {
    expect(removes(deleted({ reason: "DeleteObject" }, {}))).toMatchObject({ removes: "current" });
  });
});
