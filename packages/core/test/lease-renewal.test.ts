import { afterEach, describe, expect, it, vi } from "vitest";
import { LeaseRenewal } from "../src/usecases/lease-renewal.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("lease renewal", () => {
  it("stops only once a renewal under way has ended, and starts none after", async () => {
    vi.useFakeTimers();
    let finish: (renewed: boolean) => void = () => {};
    const renewLease = vi.fn(() => new Promise<boolean>((resolve) => (finish = resolve)));
    const renewal = new LeaseRenewal(renewLease, undefined, { everyMs: 1000, onError: () => {} });
    await vi.advanceTimersByTimeAsync(1000);
    expect(renewLease).toHaveBeenCalledTimes(1);

    let stopped = false;
    const stopping = renewal.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish(true);
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(renewLease).toHaveBeenCalledTimes(1);
    expect(renewal.lost).toBe(false);
  });

  it("marks the lease lost and stops renewing when the store refuses a renewal", async () => {
    vi.useFakeTimers();
    const renewLease = vi.fn(async () => false);
    const renewal = new LeaseRenewal(renewLease, undefined, { everyMs: 1000, onError: () => {} });
    await vi.advanceTimersByTimeAsync(3000);
    expect(renewLease).toHaveBeenCalledTimes(1);
    expect(renewal.lost).toBe(true);
    await renewal.stop();
  });
});
