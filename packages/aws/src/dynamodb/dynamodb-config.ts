import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";
import type { DynamoMetadataStoreOptions } from "./dynamo-metadata-store.ts";

export const DYNAMODB_SETTINGS = settingsSchema({
  METADATA_TABLE: Setting.string({
    defaultText: "required on AWS",
    meaning: "the DynamoDB table of records, jobs and the vector-space pointer",
    readBy: ["api", "worker"],
  }),
});

export const DYNAMODB_CONCERN: SettingsConcern = { title: "DynamoDB", schema: DYNAMODB_SETTINGS };

/**
 * DynamoMetadataStore settings from the environment. Region, credentials and endpoint are the
 * SDK's own (AWS_REGION, the credential chain, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_DYNAMODB).
 */
export function dynamoMetadataStoreOptionsFromEnv(env: Env = process.env): DynamoMetadataStoreOptions {
  return { tableName: readSettings(DYNAMODB_SETTINGS, env).METADATA_TABLE };
}
