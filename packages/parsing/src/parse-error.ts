import { type DeterministicErrorCode, DocworkerError } from "@docworker/core";

/** The codes a parser may end with; all of them mean "trying again will not help". */
export type ParseErrorCode = Extract<
  DeterministicErrorCode,
  "UNSUPPORTED_TYPE" | "ENCRYPTED" | "CORRUPT" | "EMPTY" | "TOO_LARGE" | "NO_TEXT_LAYER"
>;

export function parseError(code: ParseErrorCode, message: string, cause?: unknown): DocworkerError {
  return new DocworkerError(code, message, cause === undefined ? undefined : { cause });
}

export function isDocworkerError(error: unknown): error is DocworkerError {
  return error instanceof DocworkerError;
}

/**
 * Runs a library call and turns whatever it throws into CORRUPT: a parsing library that gives up on
 * our bytes means the document is broken, and retrying the same bytes fails the same way.
 * Our own DocworkerErrors pass through untouched.
 */
export async function corruptOnFailure<T>(what: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isDocworkerError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw parseError("CORRUPT", `${what}: ${reason}`, error);
  }
}
