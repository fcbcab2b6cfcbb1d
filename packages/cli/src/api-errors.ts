/** The API answered with an error: RFC 9457 problem details with a stable `code`. */
export class ApiProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;

  constructor(problem: { status: number; code: string; title: string; detail: string }) {
    super(`${problem.code}: ${problem.detail}`);
    this.name = "ApiProblemError";
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
  }

  /** Throttling and server-side outages may pass; anything else will answer the same again. */
  get transient(): boolean {
    return this.status === 429 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

export type UnreachableReason = "refused" | "unknown-host" | "timeout" | "network";

/** No HTTP answer at all: nothing listens, the host does not resolve, or the connection broke. */
export class ApiUnreachableError extends Error {
  readonly url: string;
  readonly reason: UnreachableReason;

  constructor(url: string, reason: UnreachableReason, detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.name = "ApiUnreachableError";
    this.url = url;
    this.reason = reason;
  }
}

/** Turns what fetch throws into an ApiUnreachableError that says which way it failed. */
export function unreachable(url: string, error: unknown, timeoutMs?: number): ApiUnreachableError {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    const detail = timeoutMs ? `no answer within ${Math.round(timeoutMs / 1000)}s` : "the request was aborted";
    return new ApiUnreachableError(url, "timeout", detail, { cause: error });
  }
  const code = networkErrorCode(error);
  if (code === "ECONNREFUSED") return new ApiUnreachableError(url, "refused", "connection refused", { cause: error });
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new ApiUnreachableError(url, "unknown-host", `cannot resolve host (${code})`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ApiUnreachableError(url, "network", code ? `${message} (${code})` : message, { cause: error });
}

/** undici wraps the socket error in `cause`, sometimes an AggregateError of one per address. */
function networkErrorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    queue.push((current as { cause?: unknown }).cause);
    if (current instanceof AggregateError) queue.push(...current.errors);
  }
  return undefined;
}
