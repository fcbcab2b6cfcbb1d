import { setTimeout as sleep } from "node:timers/promises";
import { ApiProblemError, ApiUnreachableError } from "../api-errors.ts";

/** Worth another try: throttling, a gateway/outage answer, or a connection that broke or timed out. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ApiProblemError) return error.transient;
  return error instanceof ApiUnreachableError && error.reason !== "unknown-host";
}

/** Runs `task` up to `attempts` times while it fails transiently, waiting longer each time. */
export async function withRetries<T>(
  task: () => Promise<T>,
  options: { attempts: number; baseDelayMs: number; signal?: AbortSignal },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= options.attempts || !isTransient(error) || options.signal?.aborted) throw error;
      await sleep(
        options.baseDelayMs * 3 ** (attempt - 1),
        undefined,
        options.signal ? { signal: options.signal } : {},
      );
    }
  }
}
