import { describe, expect, it } from "vitest";
import { s3BlobStoreOptionsFromEnv } from "../../src/index.ts";

describe("s3BlobStoreOptionsFromEnv", () => {
  it("reads path style and the KMS key, and leaves the rest to the SDK", () => {
    expect(s3BlobStoreOptionsFromEnv({})).toEqual({ clientConfig: {} });
    expect(s3BlobStoreOptionsFromEnv({ S3_FORCE_PATH_STYLE: "true", S3_KMS_KEY_ID: "alias/docs" })).toEqual({
      clientConfig: { forcePathStyle: true },
      kmsKeyId: "alias/docs",
    });
    expect(() => s3BlobStoreOptionsFromEnv({ S3_FORCE_PATH_STYLE: "yes" })).toThrow(/S3_FORCE_PATH_STYLE/);
  });
});
