import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { AdaptiveRetryStrategy, DefaultRateLimiter } from "@smithy/core/retry";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { BedrockConfig } from "./bedrock-config.ts";

export interface BedrockClientOptions {
  region: string;
  endpoint?: string;
  /** Unset: the SDK's default chain (environment, profile, ECS task role, ...). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call; throttling and 5xx are retried by the SDK's adaptive mode. */
  maxAttempts: number;
  requestTimeoutMs?: number;
  /** Sockets kept per host; at least the embedder's concurrency. */
  maxSockets?: number;
  /**
   * Tuning of the adaptive retry strategy. Unset: the SDK's defaults (full-jitter backoff from
   * 50 ms, 1 s after throttling, capped at 20 s; the client-side rate limiter may slow to 0.5
   * requests/s after throttling). Tests shorten them; production normally leaves them alone.
   */
  retryTuning?: { baseDelayMs?: number; minSendRatePerSecond?: number };
}

/** The options for one client from the shared Bedrock configuration. */
export function bedrockClientOptions(
  config: BedrockConfig,
  extra: Partial<BedrockClientOptions> = {},
): BedrockClientOptions {
  return {
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    maxAttempts: config.maxAttempts,
    requestTimeoutMs: config.requestTimeoutMs,
    maxSockets: Math.max(config.maxConcurrency * 2, 16),
    ...extra,
  };
}

/**
 * A Bedrock runtime client with adaptive retries and HTTP/1.1 keep-alive. The SDK's default
 * handler for this service is HTTP/2 with one isolated session per request (for bidirectional
 * streaming, which docworker does not use): a new TLS connection per embedding call. Keep-alive
 * HTTP/1.1, which Bedrock serves for InvokeModel and Converse, reuses connections instead.
 */
export function createBedrockRuntimeClient(options: BedrockClientOptions): BedrockRuntimeClient {
  return new BedrockRuntimeClient(bedrockClientConfig(options));
}

/** The configuration of any Bedrock client (runtime or agent runtime) from the shared options. */
export function bedrockClientConfig(options: BedrockClientOptions) {
  const tuning = options.retryTuning;
  const retry = tuning
    ? { retryStrategy: tunedAdaptiveStrategy(options.maxAttempts, tuning) }
    : { retryMode: "adaptive" as const, maxAttempts: options.maxAttempts };
  return {
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...retry,
    requestHandler: new NodeHttpHandler({
      requestTimeout: options.requestTimeoutMs ?? 120_000,
      connectionTimeout: 10_000,
      httpAgent: { keepAlive: true, maxSockets: options.maxSockets ?? 50 },
      httpsAgent: { keepAlive: true, maxSockets: options.maxSockets ?? 50 },
    }),
  };
}

function tunedAdaptiveStrategy(
  maxAttempts: number,
  tuning: NonNullable<BedrockClientOptions["retryTuning"]>,
): AdaptiveRetryStrategy {
  const base = tuning.baseDelayMs;
  return new AdaptiveRetryStrategy(maxAttempts, {
    maxAttempts,
    ...(base === undefined
      ? {}
      : {
          // Full jitter, as the SDK's own backoff, but from one base for throttling and 5xx alike.
          backoff: {
            setDelayBase: () => {},
            computeNextBackoffDelay: (attempt: number) =>
              Math.floor(Math.random() * Math.min(base * 2 ** attempt, 20_000)),
          },
        }),
    ...(tuning.minSendRatePerSecond === undefined
      ? {}
      : { rateLimiter: new DefaultRateLimiter({ minFillRate: tuning.minSendRatePerSecond }) }),
  });
}
