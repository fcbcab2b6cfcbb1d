import { describe, expect, it } from "vitest";
import { dynamoMetadataStoreOptionsFromEnv } from "../../src/index.ts";

describe("dynamoMetadataStoreOptionsFromEnv", () => {
  it("needs the table name", () => {
    expect(dynamoMetadataStoreOptionsFromEnv({ METADATA_TABLE: "docs" })).toEqual({ tableName: "docs" });
    expect(() => dynamoMetadataStoreOptionsFromEnv({})).toThrow(/METADATA_TABLE/);
  });
});
