import { describe, expect, it } from "vitest";
import { retryDelaySeconds } from "../src/usecases/retry-delay.ts";

describe("retryDelaySeconds", () => {
  const policy = { backoffBaseSeconds: 2, backoffMaxSeconds: 60 };
  it("doubles the ceiling per attempt up to the maximum", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => retryDelaySeconds(a, policy, () => 1))).toEqual([
      2, 4, 8, 16, 32, 60, 60, 60,
    ]);
  });
  it("draws the delay uniformly below the ceiling (full jitter)", () => {
    expect(retryDelaySeconds(3, policy, () => 0)).toBe(0);
    expect(retryDelaySeconds(3, policy, () => 0.5)).toBe(4);
  });
});
