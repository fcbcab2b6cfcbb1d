/**
 * Renews a lease (and whatever the caller keeps alive with it, the message's visibility) every
 * `everyMs` until stopped. A renewal the store refuses means another worker or a delete owns the
 * record now: `lost` turns true and the renewals stop; the work checks it between stages. A
 * renewal that fails (an outage) is retried at the next tick; the lease outlives two of them.
 */
export class LeaseRenewal {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #lost = false;

  constructor(
    renewLease: () => Promise<boolean>,
    keepAlive: (() => Promise<void>) | undefined,
    options: { everyMs: number; onError: (error: unknown) => void },
  ) {
    this.#timer = setInterval(
      () => {
        if (this.#running) return; // the previous renewal is still under way
        this.#running = (async () => {
          if (!(await renewLease())) {
            this.#lost = true;
            this.#clear();
            return;
          }
          await keepAlive?.();
        })()
          .catch(options.onError)
          .finally(() => {
            this.#running = undefined;
          });
      },
      Math.max(1000, options.everyMs),
    );
    // A renewal alone never keeps the process alive.
    this.#timer.unref();
  }

  get lost(): boolean {
    return this.#lost;
  }

  /**
   * No renewal starts after this; resolves once one already under way has ended, so the caller's
   * next write to the record (complete, fail, release) never races a renewal of its own: on
   * DynamoDB the two conditional updates are serialised anyway, but a store whose condition check
   * and write are not one step (moto) could interleave them.
   */
  async stop(): Promise<void> {
    this.#clear();
    await this.#running;
  }

  #clear(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
