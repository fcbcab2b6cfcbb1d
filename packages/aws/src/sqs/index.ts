export { DEAD_LETTER_ATTRIBUTES, resolveDeadLetterQueueUrl } from "./dead-letter-queue.ts";
export { sqsEventSourceOptionsFromEnv } from "./sqs-config.ts";
export { SqsEventSource, type SqsEventSourceOptions, splitIntoBatches } from "./sqs-event-source.ts";
export { SqsQueuePublisher, type SqsQueuePublisherOptions } from "./sqs-queue-publisher.ts";
