import { describe, expect, it } from "vitest";
import { planBatches } from "../src/minilm/batches.ts";
import { meanPoolNormalised } from "../src/minilm/pooling.ts";

describe("planBatches", () => {
  it("groups texts of similar length and keeps every index exactly once", () => {
    const lengths = [40, 3, 256, 7, 3, 90, 12];
    const batches = planBatches(lengths, 3);
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 1]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const batchLengths = batches.map((batch) => batch.map((index) => lengths[index] as number));
    expect(batchLengths).toEqual([[3, 3, 7], [12, 40, 90], [256]]);
  });

  it("plans nothing for no texts", () => {
    expect(planBatches([], 16)).toEqual([]);
  });
});

describe("meanPoolNormalised", () => {
  it("averages the real tokens only, ignores padding and returns unit vectors", () => {
    // 2 rows, width 3, dimension 2. Row 0 has 2 real tokens, row 1 has 1; the 9s are padding.
    const hidden = new Float32Array([3, 0, 1, 4, 9, 9, 0, -2, 9, 9, 9, 9]);
    const [first, second] = meanPoolNormalised(hidden, [2, 1], 3, 2);
    expect(Array.from(first ?? [])).toEqual([
      expect.closeTo(4 / Math.hypot(4, 4), 6),
      expect.closeTo(4 / Math.hypot(4, 4), 6),
    ]);
    expect(Array.from(second ?? [])).toEqual([0, -1]);
  });

  it("returns a zero vector, not NaN, when the tokens sum to zero", () => {
    const [vector] = meanPoolNormalised(new Float32Array([0, 0]), [1], 1, 2);
    expect(Array.from(vector ?? [])).toEqual([0, 0]);
  });
});
