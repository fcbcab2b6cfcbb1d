export {
  DEFAULT_DEV_PASSWORD,
  DEV_USERS,
  type DevUser,
  type DevUserPool,
  type DevUserPoolSpec,
  deleteDevUserPool,
  ensureDevUserPool,
  type SignedIn,
  signInDevUser,
} from "./dev-user-pool.ts";
export { type EnsureBucketOptions, ensureBucket } from "./ensure-bucket.ts";
export { ensureMetadataTable } from "./ensure-metadata-table.ts";
export { type EnsuredQueue, type EnsureQueueOptions, ensureQueueWithDeadLetterQueue } from "./ensure-queue.ts";
export { ensureS3EventRule, type S3EventRuleOptions, s3ObjectEventPattern } from "./s3-event-rule.ts";
