import { BedrockWireError } from "./wire-error.ts";

/** What the stand-in should get wrong, on purpose, for the next model calls. */
export interface FaultSettings {
  /** The next N model calls answer 429 ThrottlingException. */
  throttleNext: number;
  /** The next N model calls answer 503 ServiceUnavailableException. */
  unavailableNext: number;
  /** The next N model calls answer 408 ModelTimeoutException. */
  timeoutNext: number;
  /** The next N model calls answer 500 InternalServerException. */
  internalErrorNext: number;
  /** The next N Converse answers carry a tool input that violates the tool's schema. */
  malformedNext: number;
  /** The next N Converse answers carry no tool use at all, only text (stopReason "end_turn"). */
  noToolUseNext: number;
  /** Added to every model call before it is answered. */
  latencyMs: number;
  /** When set, any model input longer than this many characters is "too long", whatever the limits say. */
  tooLongOver: number | null;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  throttleNext: 0,
  unavailableNext: 0,
  timeoutNext: 0,
  internalErrorNext: 0,
  malformedNext: 0,
  noToolUseNext: 0,
  latencyMs: 0,
  tooLongOver: null,
});

const COUNTERS = [
  "throttleNext",
  "unavailableNext",
  "timeoutNext",
  "internalErrorNext",
  "malformedNext",
  "noToolUseNext",
] as const;

/** Fault state shared by the HTTP control API and the in-process API. Counters count down per call. */
export class Faults {
  private state: FaultSettings = { ...NO_FAULTS };

  /** Merges the given settings into the current ones; throws on a value that makes no sense. */
  set(settings: Partial<FaultSettings>): FaultSettings {
    const next = { ...this.state };
    for (const [key, value] of Object.entries(settings)) {
      if (key === "tooLongOver") {
        if (value !== null && !isCount(value))
          throw new TypeError("tooLongOver must be a non-negative integer or null");
        next.tooLongOver = value as number | null;
      } else if (key === "latencyMs" || (COUNTERS as readonly string[]).includes(key)) {
        if (!isCount(value)) throw new TypeError(`${key} must be a non-negative integer`);
        next[key as (typeof COUNTERS)[number] | "latencyMs"] = value;
      } else {
        throw new TypeError(`unknown fault ${key}`);
      }
    }
    this.state = next;
    return this.snapshot();
  }

  clear(): void {
    this.state = { ...NO_FAULTS };
  }

  snapshot(): FaultSettings {
    return { ...this.state };
  }

  get latencyMs(): number {
    return this.state.latencyMs;
  }

  get tooLongOver(): number | null {
    return this.state.tooLongOver;
  }

  /** The service-side failure planned for this call, if any; consumes one count. */
  takeServiceFailure(): BedrockWireError | undefined {
    if (this.take("throttleNext"))
      return new BedrockWireError("ThrottlingException", "Too many requests, please wait before trying again.");
    if (this.take("unavailableNext"))
      return new BedrockWireError("ServiceUnavailableException", "Bedrock is unable to process your request.");
    if (this.take("timeoutNext"))
      return new BedrockWireError(
        "ModelTimeoutException",
        "Model has timed out in processing the request. Try your request again.",
      );
    if (this.take("internalErrorNext"))
      return new BedrockWireError("InternalServerException", "The server encountered an internal error.");
    return undefined;
  }

  /** How this Converse answer should be spoiled, if at all; consumes one count. */
  takeAnswerFault(): "malformed" | "no-tool-use" | undefined {
    if (this.take("malformedNext")) return "malformed";
    if (this.take("noToolUseNext")) return "no-tool-use";
    return undefined;
  }

  private take(counter: (typeof COUNTERS)[number]): boolean {
    if (this.state[counter] <= 0) return false;
    this.state[counter] -= 1;
    return true;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}
