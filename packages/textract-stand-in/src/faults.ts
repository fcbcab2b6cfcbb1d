/** What the stand-in should get wrong, on purpose, for the next calls. */
export interface FaultSettings {
  /** The next N calls answer ProvisionedThroughputExceededException (Textract's throttling). */
  throttleNext: number;
  /** The next N calls answer 500 InternalServerError. */
  internalErrorNext: number;
  /** The next N asynchronous jobs end FAILED. */
  failJobNext: number;
  /** Added to every call before it is answered. */
  latencyMs: number;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  throttleNext: 0,
  internalErrorNext: 0,
  failJobNext: 0,
  latencyMs: 0,
});

/** Fault state shared by the HTTP control API and the in-process API. Counters count down per call. */
export class Faults {
  #state: FaultSettings = { ...NO_FAULTS };

  set(settings: Partial<FaultSettings>): FaultSettings {
    const next = { ...this.#state };
    for (const [key, value] of Object.entries(settings)) {
      if (!(key in NO_FAULTS)) throw new TypeError(`unknown fault ${key}`);
      if (!Number.isInteger(value) || (value as number) < 0)
        throw new TypeError(`${key} must be a non-negative integer`);
      next[key as keyof FaultSettings] = value as number;
    }
    this.#state = next;
    return this.snapshot();
  }

  clear(): void {
    this.#state = { ...NO_FAULTS };
  }

  snapshot(): FaultSettings {
    return { ...this.#state };
  }

  get latencyMs(): number {
    return this.#state.latencyMs;
  }

  /** Takes one from the first non-zero counter among these; says which, or undefined. */
  take(...counters: Array<"throttleNext" | "internalErrorNext" | "failJobNext">): string | undefined {
    for (const counter of counters) {
      if (this.#state[counter] > 0) {
        this.#state[counter] -= 1;
        return counter;
      }
    }
    return undefined;
  }
}
