import type { S3BlobStoreOptions } from "./s3-blob-store.ts";

type Env = Record<string, string | undefined>;

/**
 * S3BlobStore settings from the environment. Region, credentials and endpoint are the SDK's own
 * (AWS_REGION, the credential chain, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3); on top of them:
 * - S3_FORCE_PATH_STYLE=true  path-style URLs, which moto and LocalStack need;
 * - S3_KMS_KEY_ID             SSE-KMS with this key on every put and upload URL.
 */
export function s3BlobStoreOptionsFromEnv(env: Env = process.env): S3BlobStoreOptions {
  const forcePathStyle = flag(env, "S3_FORCE_PATH_STYLE");
  return {
    clientConfig: forcePathStyle ? { forcePathStyle } : {},
    ...(env.S3_KMS_KEY_ID ? { kmsKeyId: env.S3_KMS_KEY_ID } : {}),
  };
}

function flag(env: Env, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "" || raw === "false" || raw === "0") return false;
  if (raw === "true" || raw === "1") return true;
  throw new Error(`invalid configuration: ${name} must be true or false, got "${env[name]}"`);
}
