/** Milliseconds spent per pipeline stage, logged with every processed document. */
export class StageTimer {
  readonly stages: Record<string, number> = {};

  async time<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.stages[stage] = Math.round((this.stages[stage] ?? 0) + performance.now() - started);
    }
  }

  /** Adds stages timed elsewhere (inside the parse pool). */
  add(stages: Record<string, number>): void {
    for (const [stage, ms] of Object.entries(stages)) this.stages[stage] = Math.round((this.stages[stage] ?? 0) + ms);
  }
}
