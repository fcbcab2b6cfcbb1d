import { type BedrockStandIn, startBedrockStandIn } from "@docworker/bedrock-stand-in";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type BedrockConfig, createBedrockRuntimeClient, DEFAULT_BEDROCK_CONFIG } from "../../src/index.ts";

export const TEST_CREDENTIALS = { accessKeyId: "AKIATESTTESTTESTTEST", secretAccessKey: "test-secret-key" };

/** Retries in tests: same adaptive strategy, millisecond delays instead of seconds. */
export const FAST_RETRIES = { baseDelayMs: 2, minSendRatePerSecond: 10_000 };

/** Starts one stand-in for the file's tests and gives each test clean faults, calls and limits. */
export function useStandIn(): {
  readonly current: BedrockStandIn;
  config(overrides?: Partial<BedrockConfig>): BedrockConfig;
} {
  let standIn: BedrockStandIn | undefined;
  beforeAll(async () => {
    standIn = await startBedrockStandIn({ port: 0, host: "127.0.0.1" });
  });
  afterAll(() => standIn?.stop());
  beforeEach(() => {
    const s = standIn as BedrockStandIn;
    s.faults.clear();
    s.calls.reset();
    Object.assign(s.limits, {
      embeddingMaxInputTokens: 8192,
      embeddingMaxInputChars: 50_000,
      converseMaxInputChars: 600_000,
    });
  });
  return {
    get current() {
      return standIn as BedrockStandIn;
    },
    config(overrides = {}) {
      return { ...DEFAULT_BEDROCK_CONFIG, endpoint: (standIn as BedrockStandIn).url, ...overrides };
    },
  };
}

/** A real SDK client on the stand-in, with static test keys (signed, not checked) and fast retries. */
export function testClient(url: string, maxAttempts = 4) {
  return createBedrockRuntimeClient({
    region: "us-east-1",
    endpoint: url,
    credentials: TEST_CREDENTIALS,
    maxAttempts,
    retryTuning: FAST_RETRIES,
  });
}
