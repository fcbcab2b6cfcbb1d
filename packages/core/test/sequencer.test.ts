import { describe, expect, it } from "vitest";
import { compareSequencers, sequencerFromTime } from "../src/domain/sequencer.ts";

describe("compareSequencers", () => {
  it("orders hexadecimal sequencers as numbers, whatever their length", () => {
    expect(compareSequencers("006408CAD69598B05E", "006408CAD69598B05F")).toBe(-1);
    expect(compareSequencers("FF", "0100")).toBe(-1);
    expect(compareSequencers("0a", "0A")).toBe(0);
    expect(compareSequencers("10", "F")).toBe(1);
  });

  it("makes time-based sequencers that sort in time order", () => {
    const a = sequencerFromTime(1_700_000_000_000, 0);
    const b = sequencerFromTime(1_700_000_000_000, 1);
    const c = sequencerFromTime(1_700_000_000_001, 0);
    expect(compareSequencers(a, b)).toBe(-1);
    expect(compareSequencers(b, c)).toBe(-1);
  });
});
