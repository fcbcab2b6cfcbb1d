import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";
import type { S3BlobStoreOptions } from "./s3-blob-store.ts";

export const S3_SETTINGS = settingsSchema({
  S3_FORCE_PATH_STYLE: Setting.boolean({
    default: false,
    meaning: "path-style bucket URLs, which moto and LocalStack need",
    readBy: ["api", "worker"],
  }),
  S3_KMS_KEY_ID: Setting.optional(
    Setting.string({ meaning: "SSE-KMS with this key on every put and upload URL", readBy: ["api", "worker"] }),
  ),
});

export const S3_CONCERN: SettingsConcern = { title: "S3", schema: S3_SETTINGS };

/**
 * S3BlobStore settings from the environment. Region, credentials and endpoint are the SDK's own
 * (AWS_REGION, the credential chain, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3).
 */
export function s3BlobStoreOptionsFromEnv(env: Env = process.env): S3BlobStoreOptions {
  const s = readSettings(S3_SETTINGS, env);
  return {
    clientConfig: s.S3_FORCE_PATH_STYLE ? { forcePathStyle: true } : {},
    ...(s.S3_KMS_KEY_ID ? { kmsKeyId: s.S3_KMS_KEY_ID } : {}),
  };
}
