import { describe, expect, it } from "vitest";
import { sqsEventSourceOptionsFromEnv } from "../../src/index.ts";

describe("sqsEventSourceOptionsFromEnv", () => {
  it("needs the queue URL and checks the polling settings", () => {
    expect(sqsEventSourceOptionsFromEnv({ INGEST_QUEUE_URL: "https://q" })).toEqual({
      queueUrl: "https://q",
      waitTimeSeconds: 20,
      handlerErrorDelaySeconds: 5,
    });
    expect(
      sqsEventSourceOptionsFromEnv({
        INGEST_QUEUE_URL: "https://q",
        DLQ_URL: "https://dlq",
        SQS_WAIT_TIME_SECONDS: "2",
        SQS_VISIBILITY_TIMEOUT_SECONDS: "600",
        SQS_HANDLER_ERROR_DELAY_SECONDS: "0.5",
      }),
    ).toEqual({
      queueUrl: "https://q",
      deadLetterQueueUrl: "https://dlq",
      waitTimeSeconds: 2,
      visibilityTimeoutSeconds: 600,
      handlerErrorDelaySeconds: 0.5,
    });
    expect(() => sqsEventSourceOptionsFromEnv({})).toThrow(/INGEST_QUEUE_URL/);
    expect(() => sqsEventSourceOptionsFromEnv({ INGEST_QUEUE_URL: "q", SQS_WAIT_TIME_SECONDS: "0" })).toThrow(
      /SQS_WAIT_TIME_SECONDS/,
    );
  });
});
