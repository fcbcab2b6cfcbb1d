import { boolSetting, type Env } from "../env-settings.ts";
import type { S3BlobStoreOptions } from "./s3-blob-store.ts";

/**
 * S3BlobStore settings from the environment. Region, credentials and endpoint are the SDK's own
 * (AWS_REGION, the credential chain, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3); on top of them:
 * - S3_FORCE_PATH_STYLE=true  path-style URLs, which moto and LocalStack need;
 * - S3_KMS_KEY_ID             SSE-KMS with this key on every put and upload URL.
 */
export function s3BlobStoreOptionsFromEnv(env: Env = process.env): S3BlobStoreOptions {
  const forcePathStyle = boolSetting(env, "S3_FORCE_PATH_STYLE", false);
  return {
    clientConfig: forcePathStyle ? { forcePathStyle } : {},
    ...(env.S3_KMS_KEY_ID ? { kmsKeyId: env.S3_KMS_KEY_ID } : {}),
  };
}
