import {
  CreateBucketCommand,
  type CreateBucketCommandInput,
  PutBucketEncryptionCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";

export interface EnsureBucketOptions {
  /** Default encryption: SSE-KMS with this key, else SSE-S3 (AES256). */
  kmsKeyId?: string;
  /** Send "Object Created"/"Object Deleted" (and every other S3 event) to EventBridge. */
  eventBridge?: boolean;
  /**
   * Turn versioning on. Off by default: moto emits no "Object Deleted" for a delete marker, and
   * nothing in docworker needs old versions. (A bucket's versioning cannot be turned off again.)
   */
  versioning?: boolean;
}

/**
 * Creates a private, encrypted bucket unless it exists, and applies the settings each time (for
 * tests and the emulated stack; on AWS, Terraform owns the buckets). Takes a client, or the config
 * to make one for the call (S3 on moto needs `forcePathStyle: true`).
 */
export async function ensureBucket(
  clientOrConfig: S3Client | S3ClientConfig,
  bucket: string,
  options: EnsureBucketOptions = {},
): Promise<void> {
  const client = clientOrConfig instanceof S3Client ? clientOrConfig : new S3Client(clientOrConfig);
  try {
    await applyBucket(client, bucket, options);
  } finally {
    if (client !== clientOrConfig) client.destroy();
  }
}

async function applyBucket(client: S3Client, bucket: string, options: EnsureBucketOptions): Promise<void> {
  const region = await client.config.region();
  const input: CreateBucketCommandInput = {
    Bucket: bucket,
    ...(region && region !== "us-east-1" ? { CreateBucketConfiguration: { LocationConstraint: region as never } } : {}),
  };
  try {
    await client.send(new CreateBucketCommand(input));
  } catch (error) {
    if ((error as { name?: string }).name !== "BucketAlreadyOwnedByYou") throw error;
  }
  await client.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  await client.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: options.kmsKeyId
              ? { SSEAlgorithm: "aws:kms", KMSMasterKeyID: options.kmsKeyId }
              : { SSEAlgorithm: "AES256" },
            BucketKeyEnabled: Boolean(options.kmsKeyId),
          },
        ],
      },
    }),
  );
  if (options.versioning) {
    await client.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
    );
  }
  if (options.eventBridge) {
    await client.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: { EventBridgeConfiguration: {} },
      }),
    );
  }
}
