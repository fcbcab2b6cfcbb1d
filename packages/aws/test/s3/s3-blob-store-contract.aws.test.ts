import type { S3Client } from "@aws-sdk/client-s3";
import { describeBlobStoreContract } from "@docworker/contract-tests";
import { ensureBucket } from "@docworker/dev-provisioning";
import { afterAll, beforeAll } from "vitest";
import { S3BlobStore } from "../../src/index.ts";
import { emulatedClients, emulatedS3Config, uniqueName } from "../support/aws-clients.ts";
import { emptyAndDeleteBucket } from "../support/cleanup.ts";
import { ensureEmulatedStack } from "../support/emulated-stack.ts";

const bucket = uniqueName("contract-blobs");
let env: Record<string, string>;
let s3: S3Client;

beforeAll(async () => {
  env = (await ensureEmulatedStack()).env;
  s3 = emulatedClients(env).s3;
  await ensureBucket(s3, bucket);
});

afterAll(async () => {
  await emptyAndDeleteBucket(s3, bucket);
  s3.destroy();
});

describeBlobStoreContract(
  "S3BlobStore (moto)",
  () => {
    const store = new S3BlobStore({ clientConfig: emulatedS3Config(env) });
    return { adapter: store, cleanup: () => store.destroy() };
  },
  { bucket },
);
