/**
 * Lets a polling loop sleep until something happens or a timeout passes. A wake that arrives
 * while nobody waits is remembered, so the loop cannot miss a send made between poll and sleep.
 */
export class Wakeup {
  #pending = false;
  #waiter: (() => void) | undefined;

  wake(): void {
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter();
    } else {
      this.#pending = true;
    }
  }

  wait(timeoutMs?: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.#waiter === done) self.#waiter = undefined;
        resolve();
      }
      this.#waiter = done;
    });
  }
}
