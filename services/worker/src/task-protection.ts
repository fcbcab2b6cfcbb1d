import type { Logger } from "@docworker/core";

export interface TaskProtectionOptions {
  /** How long one protection lasts unless renewed (ECS: 1 to 2,880 minutes; default 60). */
  expiresInMinutes?: number;
  /** Idle this long before the protection is released (default 10 s): steady work is not chatty. */
  releaseAfterIdleMs?: number;
}

/**
 * ECS task scale-in protection while the worker holds messages, so scale-in and deployments stop
 * only idle tasks. Set through the ECS agent's endpoint (`$ECS_AGENT_URI/task-protection/v1/state`)
 * when work starts, renewed while it lasts (it expires after `expiresInMinutes`, so a hung worker
 * is not protected for ever), released once the worker has been idle for `releaseAfterIdleMs`.
 * Failures are logged, never thrown: protection spares work from scale-in, and the SIGTERM grace
 * period is what finishes or releases it when a task stops anyway.
 */
export class TaskProtection {
  readonly #url: string;
  readonly #logger: Logger;
  readonly #expiresInMinutes: number;
  readonly #releaseAfterIdleMs: number;
  #inFlight = 0;
  /** What was last asked of the agent. */
  #wanted = false;
  #renewal: NodeJS.Timeout | undefined;
  #release: NodeJS.Timeout | undefined;
  /** Serialises the PUTs, so the agent sees them in the order the work changed. */
  #queue: Promise<void> = Promise.resolve();

  constructor(agentUri: string, logger: Logger, options: TaskProtectionOptions = {}) {
    this.#url = `${agentUri.replace(/\/$/, "")}/task-protection/v1/state`;
    this.#logger = logger;
    this.#expiresInMinutes = options.expiresInMinutes ?? 60;
    this.#releaseAfterIdleMs = options.releaseAfterIdleMs ?? 10_000;
  }

  /** Wraps one message's work: the task is protected from its start until the worker is idle. */
  async around<T>(work: () => Promise<T>): Promise<T> {
    this.#inFlight++;
    clearTimeout(this.#release);
    this.#release = undefined;
    if (!this.#wanted) this.#protect();
    try {
      return await work();
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0) {
        this.#release = setTimeout(() => this.release(), this.#releaseAfterIdleMs);
        this.#release.unref();
      }
    }
  }

  /** Resolves once the agent has answered every change asked for so far. */
  settled(): Promise<void> {
    return this.#queue;
  }

  /** Releases now (idle, or stopping); the next piece of work protects the task again. */
  release(): Promise<void> {
    clearTimeout(this.#release);
    clearInterval(this.#renewal);
    this.#release = undefined;
    this.#renewal = undefined;
    if (this.#wanted && this.#inFlight === 0) {
      this.#wanted = false;
      this.#put(false);
    }
    return this.#queue;
  }

  #protect(): void {
    this.#wanted = true;
    this.#put(true);
    // Renewed well before it expires, for as long as work lasts.
    this.#renewal = setInterval(() => this.#put(true), (this.#expiresInMinutes * 60_000) / 2);
    this.#renewal.unref();
  }

  #put(enabled: boolean): void {
    this.#queue = this.#queue.then(async () => {
      try {
        const response = await fetch(this.#url, {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(
            enabled
              ? { ProtectionEnabled: true, ExpiresInMinutes: this.#expiresInMinutes }
              : { ProtectionEnabled: false },
          ),
          signal: AbortSignal.timeout(5000),
        });
        const text = await response.text();
        // The agent answers 200 with a "failure" or "error" member when ECS refused the change.
        if (!response.ok || /"(failure|error)"/.test(text))
          throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
        this.#logger.debug({ enabled }, "task scale-in protection set");
      } catch (error) {
        this.#logger.warn({ err: error, enabled }, "could not set task scale-in protection");
      }
    });
  }
}
