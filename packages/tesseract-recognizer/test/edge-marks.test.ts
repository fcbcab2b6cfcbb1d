import { describe, expect, it } from "vitest";
import { withoutEdgeMarks } from "../src/edge-marks.ts";

const words = (line: string) => line.split(" ").map((text) => ({ text }));
const trimmed = (line: string) =>
  withoutEdgeMarks(words(line))
    .map((word) => word.text)
    .join(" ");

describe("stray marks at a line's edges", () => {
  it("drops the marks a speck or the paper's edge reads as, at either end", () => {
    expect(trimmed(": ; TOTAL (RM) 12.00 |")).toBe("TOTAL (RM) 12.00");
    expect(trimmed("— CASH 50.00 ’ .")).toBe("CASH 50.00");
  });

  it("keeps marks between words, currency signs, per cent and number signs", () => {
    expect(trimmed("DOC NO : CS00035863")).toBe("DOC NO : CS00035863");
    expect(trimmed("$ 4.40")).toBe("$ 4.40");
    expect(trimmed("GST 6 %")).toBe("GST 6 %");
    expect(trimmed("# 12")).toBe("# 12");
    expect(trimmed("TOTAL ...")).toBe("TOTAL ...");
  });

  it("keeps the last mark of a line that holds nothing else, and the words' own fields", () => {
    expect(trimmed("- - -")).toBe("-");
    const kept = withoutEdgeMarks([
      { text: "|", confidence: 0.2 },
      { text: "THANK", confidence: 0.9 },
      { text: "YOU", confidence: 0.9 },
    ]);
    expect(kept).toEqual([
      { text: "THANK", confidence: 0.9 },
      { text: "YOU", confidence: 0.9 },
    ]);
  });
});
