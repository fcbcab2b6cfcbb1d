import { afterEach, beforeEach } from "vitest";

/** What a factory hands a contract: the adapter, and how to remove what the test left behind. */
export interface AdapterUnderTest<T> {
  adapter: T;
  cleanup?: () => unknown;
}

/** Makes a fresh, empty adapter for each test; may return the adapter alone. */
export type AdapterFactory<T> = () => T | AdapterUnderTest<T> | Promise<T | AdapterUnderTest<T>>;

function isWrapped<T>(value: T | AdapterUnderTest<T>): value is AdapterUnderTest<T> {
  return typeof value === "object" && value !== null && "adapter" in value;
}

/** Registers before/after hooks in the current describe; call the result inside a test. */
export function useAdapter<T>(factory: AdapterFactory<T>): () => T {
  let current: AdapterUnderTest<T> | undefined;
  beforeEach(async () => {
    const made = await factory();
    current = isWrapped(made) ? made : { adapter: made };
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    await done?.cleanup?.();
  });
  return () => {
    if (!current) throw new Error("the adapter is only available inside a test");
    return current.adapter;
  };
}

/** Polls until `check` returns true; real timers, so it also works against a cloud service. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
