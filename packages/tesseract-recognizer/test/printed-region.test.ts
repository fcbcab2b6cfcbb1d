import { createCanvas } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { printedRegion } from "../src/printed-region.ts";
import { pixelsOf } from "./helpers/pixels.ts";

describe("the printed part of a page", () => {
  it("is the slip on a white sheet, without the specks of dust around it", async () => {
    const { data, width, height } = await pixelsOf("receipt-on-a4.png");
    const region = printedRegion(data, width, height);
    // The slip's rows run from x = 440 to about 630 and y = 490 to 650; the specks lie far outside.
    expect(region.left).toBeGreaterThan(400);
    expect(region.left).toBeLessThan(440);
    expect(region.left + region.width).toBeGreaterThan(630);
    expect(region.left + region.width).toBeLessThan(680);
    expect(region.top).toBeGreaterThan(440);
    expect(region.top).toBeLessThan(480);
    expect(region.top + region.height).toBeGreaterThan(650);
    expect(region.top + region.height).toBeLessThan(700);
  });

  it("is the whole page when nothing is printed on it", () => {
    const canvas = createCanvas(300, 400);
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, 300, 400);
    expect(printedRegion(context.getImageData(0, 0, 300, 400).data, 300, 400)).toEqual({
      left: 0,
      top: 0,
      width: 300,
      height: 400,
    });
  });
});
