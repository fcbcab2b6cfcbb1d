export type ModelOperation = "invoke" | "converse" | "rerank";

/** One model call as the stand-in saw it. */
export interface RecordedCall {
  operation: ModelOperation;
  modelId: string;
  status: number;
  errorType?: string;
  /** Characters of model input (the inputText, or all text, tool specs and system prompt of a Converse). */
  inputChars: number;
  /** The request body as parsed JSON; kept for the most recent calls only. */
  body: unknown;
}

export interface CallCounts {
  invoke: number;
  converse: number;
  rerank: number;
  total: number;
  /** Calls per HTTP status answered, e.g. {"200": 3, "429": 2}. */
  byStatus: Record<string, number>;
  /** Failed calls per error type, e.g. {"ThrottlingException": 2}. */
  byErrorType: Record<string, number>;
  /** The most model calls that were being answered at the same time. */
  maxInFlight: number;
}

const KEEP_RECENT = 200;

/** Counts every model call (faulted ones too), so tests can prove retries happened. */
export class CallLog {
  invoke = 0;
  converse = 0;
  rerank = 0;
  byStatus: Record<string, number> = {};
  byErrorType: Record<string, number> = {};
  /** The most recent calls, oldest first (at most 200). */
  recent: RecordedCall[] = [];
  inFlight = 0;
  maxInFlight = 0;

  get total(): number {
    return this.invoke + this.converse + this.rerank;
  }

  /** A model call arrived; pair with left(). Tracks concurrency, so tests can check a client's bound. */
  entered(): void {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
  }

  left(): void {
    this.inFlight -= 1;
  }

  record(call: RecordedCall): void {
    this[call.operation] += 1;
    this.byStatus[call.status] = (this.byStatus[call.status] ?? 0) + 1;
    if (call.errorType) this.byErrorType[call.errorType] = (this.byErrorType[call.errorType] ?? 0) + 1;
    this.recent.push(call);
    if (this.recent.length > KEEP_RECENT) this.recent.shift();
  }

  /** Calls of one operation, oldest first. */
  of(operation: ModelOperation): RecordedCall[] {
    return this.recent.filter((call) => call.operation === operation);
  }

  counts(): CallCounts {
    return {
      invoke: this.invoke,
      converse: this.converse,
      rerank: this.rerank,
      total: this.total,
      byStatus: { ...this.byStatus },
      byErrorType: { ...this.byErrorType },
      maxInFlight: this.maxInFlight,
    };
  }

  reset(): void {
    this.invoke = 0;
    this.converse = 0;
    this.rerank = 0;
    this.byStatus = {};
    this.byErrorType = {};
    this.recent = [];
    this.maxInFlight = this.inFlight;
  }
}
