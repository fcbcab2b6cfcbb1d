export { DEAD_LETTER_ATTRIBUTES, resolveDeadLetterQueueUrl } from "./dead-letter-queue.ts";
export { type EnsuredQueue, type EnsureQueueOptions, ensureQueueWithDeadLetterQueue } from "./ensure-queue.ts";
export { ensureS3EventRule, type S3EventRuleOptions, s3ObjectEventPattern } from "./s3-event-rule.ts";
export { sqsEventSourceOptionsFromEnv } from "./sqs-config.ts";
export { SqsEventSource, type SqsEventSourceOptions, splitIntoBatches } from "./sqs-event-source.ts";
export { SqsQueuePublisher, type SqsQueuePublisherOptions } from "./sqs-queue-publisher.ts";
