import { greyLevels, otsu } from "./grey-levels.ts";

// Receipts are photographed or scanned up to a few degrees askew; steeper than this is a page
// turned on purpose, which orientation detection handles in quarter turns.
const MAX_SKEW_DEGREES = 5;
const STEP_DEGREES = 0.1;
// Every dark pixel of a column in this many: the profile needs the rows, not every stroke.
const COLUMNS_SAMPLED = 600;

/**
 * How far the print's rows slope, in degrees, clockwise positive (a row falls to the right), found
 * by its projection profile: the dark pixels (darker than the page's Otsu threshold), summed along
 * rows sloped by each angle from -5° to 5° in steps of 0.1°, give the sharpest profile (the
 * largest sum of squared differences between neighbouring rows) where the sums follow the text's
 * rows and the gaps between them. 0 for a page without print, or whose print is level.
 */
export function skewDegrees(rgba: Uint8ClampedArray, width: number, height: number): number {
  const grey = greyLevels(rgba);
  const threshold = otsu(grey);
  const stride = Math.max(1, Math.round(width / COLUMNS_SAMPLED));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += stride) {
      if ((grey[y * width + x] ?? 255) <= threshold) {
        xs.push(x - width / 2);
        ys.push(y);
      }
    }
  }
  // Rows sloped by 5° across the page reach this far above and below it.
  const reach = Math.ceil(width * Math.tan((MAX_SKEW_DEGREES * Math.PI) / 180));
  const profile = new Float64Array(height + 2 * reach + 1);
  const sharpness = (degrees: number) => {
    const slope = Math.tan((degrees * Math.PI) / 180);
    profile.fill(0);
    for (let index = 0; index < xs.length; index += 1) {
      const row = Math.round((ys[index] as number) - (xs[index] as number) * slope) + reach;
      profile[row] = (profile[row] ?? 0) + 1;
    }
    let sum = 0;
    for (let row = 1; row < profile.length; row += 1) sum += ((profile[row] ?? 0) - (profile[row - 1] ?? 0)) ** 2;
    return sum;
  };
  let best = 0;
  let bestSharpness = sharpness(0);
  const steps = Math.round(MAX_SKEW_DEGREES / STEP_DEGREES);
  for (let step = -steps; step <= steps; step += 1) {
    const score = sharpness(step * STEP_DEGREES);
    if (score > bestSharpness) {
      bestSharpness = score;
      best = step * STEP_DEGREES;
    }
  }
  return Math.round(best * 10) / 10;
}
