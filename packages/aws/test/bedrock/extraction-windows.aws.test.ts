import { describe, expect, it } from "vitest";
import { mergeWindowResults, planWindows } from "../../src/index.ts";

describe("planWindows", () => {
  it("takes a text that fits as one window", () => {
    expect(planWindows(900, 1000, 4)).toEqual([{ start: 0, end: 900 }]);
  });

  it("covers a text that needs no more than the budget completely", () => {
    const windows = planWindows(2500, 1000, 4);
    expect(windows).toEqual([
      { start: 0, end: 1000 },
      { start: 750, end: 1750 },
      { start: 1500, end: 2500 },
    ]);
  });

  it("spaces the budget evenly from the start to the end of a longer text", () => {
    const windows = planWindows(10_000, 1000, 4);
    expect(windows.map((w) => w.start)).toEqual([0, 3000, 6000, 9000]);
    expect(windows.at(-1)?.end).toBe(10_000);
  });

  it("reads only the first window on a budget of one", () => {
    expect(planWindows(10_000, 1000, 1)).toEqual([{ start: 0, end: 1000 }]);
  });
});

describe("mergeWindowResults", () => {
  const schema = {
    properties: { title: { type: "string" }, key_points: { type: "array", maxItems: 3 }, dates: { type: "array" } },
  };

  it("keeps scalars from the first window that has them and concatenates arrays without duplicates", () => {
    const merged = mergeWindowResults(
      [
        { title: "", summary: "first", key_points: ["a", "b"], dates: [{ value: "2024-01-01" }] },
        {
          title: "Second",
          summary: "second",
          key_points: ["B ", "c", "d"],
          dates: [{ value: "2024-01-01" }, { value: "2024-02-02" }],
        },
      ],
      schema,
    );
    expect(merged).toEqual({
      title: "Second",
      summary: "first",
      key_points: ["a", "b", "c"],
      dates: [{ value: "2024-01-01" }, { value: "2024-02-02" }],
    });
  });

  it("treats objects with the same members in another order as duplicates", () => {
    const merged = mergeWindowResults(
      [{ amounts: [{ amount: 1, currency: "USD" }] }, { amounts: [{ currency: "usd", amount: 1 }] }],
      {},
    );
    expect(merged.amounts).toHaveLength(1);
  });
});
