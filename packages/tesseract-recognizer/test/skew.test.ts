import { createCanvas } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { skewDegrees } from "../src/skew.ts";
import { pixelsOf } from "./helpers/pixels.ts";

/** Rows of dark rectangles, the way words sit on a receipt, turned `degrees` clockwise. */
function rows(degrees: number) {
  const canvas = createCanvas(800, 600);
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, 800, 600);
  context.translate(400, 300);
  context.rotate((degrees * Math.PI) / 180);
  context.translate(-400, -300);
  context.fillStyle = "#202020";
  for (let row = 0; row < 12; row += 1) {
    for (let word = 0; word < 5; word += 1) context.fillRect(60 + word * 140, 40 + row * 44, 100 + (row % 3) * 10, 18);
  }
  return context.getImageData(0, 0, 800, 600).data;
}

describe("the slope of a page's print", () => {
  it("is the angle its rows were turned by, either way", () => {
    for (const degrees of [-3, -1.2, 0.8, 2.5]) {
      expect(Math.abs(skewDegrees(rows(degrees), 800, 600) - degrees)).toBeLessThanOrEqual(0.2);
    }
  });

  it("is 0 for level rows and for a page without print", () => {
    expect(skewDegrees(rows(0), 800, 600)).toBe(0);
    const blank = new Uint8ClampedArray(800 * 600 * 4).fill(255);
    expect(skewDegrees(blank, 800, 600)).toBe(0);
  });

  it("is found on a receipt printed 3° askew", async () => {
    const { data, width, height } = await pixelsOf("receipt-slanted.png");
    expect(Math.abs(skewDegrees(data, width, height) - 3)).toBeLessThanOrEqual(0.2);
  });
});
