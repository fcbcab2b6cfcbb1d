import { createCanvas } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { eraseLeaderMarks } from "../src/leader-marks.ts";

// A row drawn in rectangles: characters 10 × 20 pixels, dots 3 × 3 on their baseline.
const BASELINE = 60;

function page(draw: (mark: (x: number, y: number, w: number, h: number) => void) => void) {
  const canvas = createCanvas(480, 140);
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = "#000000";
  draw((x, y, w, h) => context.fillRect(x, y, w, h));
  return context.getImageData(0, 0, canvas.width, canvas.height);
}
const character = (x: number) => [x, BASELINE - 20, 10, 20] as const;
const dot = (x: number) => [x, BASELINE - 3, 3, 3] as const;
const isDark = (image: { data: Uint8ClampedArray; width: number }, x: number, y: number) =>
  (image.data[(y * image.width + x) * 4] ?? 255) < 128;

/**
 * "TOTAL ........ 1.50" in rectangles: five characters, eight leader dots, then 1.50, its decimal
 * point close enough to the last dot to continue the run.
 */
function totalRow(mark: (x: number, y: number, w: number, h: number) => void) {
  for (let index = 0; index < 5; index += 1) mark(...character(20 + index * 14));
  for (let index = 0; index < 8; index += 1) mark(...dot(100 + index * 8));
  mark(...character(166));
  mark(...dot(179));
  mark(...character(185));
  mark(...character(199));
}

describe("dotted leaders and dashed rules", () => {
  it("whitens a leader between a label and its amount, and keeps the characters and the decimal point", () => {
    const image = page(totalRow);
    expect(eraseLeaderMarks(image.data, image.width, image.height)).toBe(8);
    for (let index = 0; index < 8; index += 1) expect(isDark(image, 101 + index * 8, BASELINE - 2)).toBe(false);
    for (const x of [25, 81, 171, 190, 204]) expect(isDark(image, x, BASELINE - 10)).toBe(true);
    expect(isDark(image, 180, BASELINE - 2)).toBe(true);
  });

  it("whitens a dashed rule and a solid one across the page, and leaves an ellipsis and a colon", () => {
    const image = page((mark) => {
      totalRow(mark);
      // A row of text below, so characters outnumber the rules' pieces as on a page.
      for (let index = 0; index < 30; index += 1) mark(20 + index * 14, 110, 10, 20);
      for (let index = 0; index < 10; index += 1) mark(20 + index * 12, 80, 8, 2);
      mark(300, 20, 120, 2);
      for (let index = 0; index < 3; index += 1) mark(...dot(280 + index * 6));
      mark(320, BASELINE - 14, 3, 3);
      mark(320, BASELINE - 3, 3, 3);
    });
    expect(eraseLeaderMarks(image.data, image.width, image.height)).toBe(8 + 10 + 1);
    expect(isDark(image, 25, 80)).toBe(false);
    expect(isDark(image, 350, 20)).toBe(false);
    for (const x of [281, 287, 293]) expect(isDark(image, x, BASELINE - 2)).toBe(true);
    expect(isDark(image, 321, BASELINE - 13)).toBe(true);
    expect(isDark(image, 321, BASELINE - 2)).toBe(true);
  });

  it("leaves a page alone when its marks outnumber its characters: a halftone background, not leaders", () => {
    const image = page((mark) => {
      totalRow(mark);
      for (let y = 4; y < 96; y += 6) for (let x = 300; x < 476; x += 6) mark(x, y, 3, 3);
    });
    const before = Uint8ClampedArray.from(image.data);
    expect(eraseLeaderMarks(image.data, image.width, image.height)).toBe(0);
    expect(image.data).toEqual(before);
  });
});
