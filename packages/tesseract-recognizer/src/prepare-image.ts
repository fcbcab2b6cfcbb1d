import type { TextBox } from "@docworker/core";
import { type Canvas, createCanvas, type Image, loadImage } from "@napi-rs/canvas";
import { eraseLeaderMarks } from "./leader-marks.ts";
import { printedRegion, type Region } from "./printed-region.ts";
import { skewDegrees } from "./skew.ts";

/** An image as Tesseract will see it, with the size its boxes are measured against. */
export interface PreparedImage {
  png: Buffer;
  width: number;
  height: number;
  /**
   * The part of the (turned) page it shows, in shares of the page's width and height. On a page
   * straightened by a few degrees, boxes are measured on the straightened page: a corner moves by
   * less than a tenth of the page's size.
   */
  region: TextBox;
}

// Tesseract reads best at a text height of about 20-30 pixels; photos and screenshots narrower
// than this are scaled up (a 480-pixel photo of a sign, a receipt scanned at 150 dpi). Measured on
// the SROIE receipts: 1200 read better than 1000, 1600 or 2000.
const MIN_WIDTH = 1200;
const MAX_UPSCALE = 3;
// Print narrower than this share of the page is a slip scanned on a larger sheet (17 of the 50
// SROIE receipts), cut out so it can be scaled up. A wider page is read whole: cutting the margins
// off every page read worse (11.1 % against 10.8 % CER on 20 receipts), and at 0.7 receipt 028, its
// print two thirds of the page wide, lost its left edge (16 % to 31 %).
const CUT_OUT_BELOW = 0.5;

// Print sloping by this much or more is straightened before it is read (see skewDegrees). On the 50
// SROIE receipts, straightening from 0.5° took CER from 10.7 % to 10.1 % (026 19 % to 13 %, 044
// 12 % to 6 %, 031 13 % to 9 %, 024 20 % to 15 %; 032 6 % to 10 %); from 0.3° it read worse
// (10.3 %: a turn that small changes the pixels more than it levels the rows), from 0.7° 10.3 %
// and from 1° 10.5 %.
const STRAIGHTEN_FROM_DEGREES = 0.5;

// What makes a page stamped in red (see holdsRedInk); 7 of the 50 SROIE receipts are.
const RED_MARGIN = 50;
const RED_INK_SHARE = 0.0003;

/**
 * Decodes, turns the image by `rotation` degrees clockwise, straightens print that slopes, cuts
 * out the print when it covers a small part of the page, scales up what is narrow, on a page
 * stamped in red greys it by its red channel, and whitens dotted leaders and dashed rules.
 */
export async function prepareImage(bytes: Uint8Array, rotation = 0): Promise<PreparedImage> {
  const image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const sideways = rotation % 180 !== 0;
  const whole = {
    left: 0,
    top: 0,
    width: sideways ? image.height : image.width,
    height: sideways ? image.width : image.height,
  };
  const page = drawn(image, rotation, 1, whole);
  const pixels = page.getContext("2d").getImageData(0, 0, page.width, page.height).data;
  const found = printedRegion(pixels, page.width, page.height);
  const region = found.width < CUT_OUT_BELOW * whole.width ? found : whole;
  const skew = skewDegrees(pixels, page.width, page.height);
  const straighten = Math.abs(skew) >= STRAIGHTEN_FROM_DEGREES ? -skew : 0;
  // Scaled from the decoded image, not from the turned copy: one resampling, not two.
  const canvas = drawn(
    image,
    rotation,
    Math.min(MAX_UPSCALE, Math.max(1, MIN_WIDTH / region.width)),
    region,
    straighten,
  );
  if (holdsRedInk(pixels)) redAsGrey(canvas);
  withoutLeaderMarks(canvas);
  return {
    png: canvas.toBuffer("image/png"),
    width: canvas.width,
    height: canvas.height,
    region: {
      left: region.left / whole.width,
      top: region.top / whole.height,
      width: region.width / whole.width,
      height: region.height / whole.height,
    },
  };
}

/**
 * The `region` of the image turned by `rotation` degrees (in its unscaled pixels), scaled by
 * `scale`, and turned `straighten` degrees more about the page's centre (a few, to level its rows).
 */
function drawn(image: Image, rotation: number, scale: number, region: Region, straighten = 0): Canvas {
  const sideways = rotation % 180 !== 0;
  const width = Math.round(image.width * scale);
  const height = Math.round(image.height * scale);
  const [pageWidth, pageHeight] = sideways ? [height, width] : [width, height];
  // For the whole page this is the page's own size (width and height above).
  const canvas = createCanvas(Math.round(region.width * scale), Math.round(region.height * scale));
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.translate(pageWidth / 2 - region.left * scale, pageHeight / 2 - region.top * scale);
  context.rotate(((rotation + straighten) * Math.PI) / 180);
  context.imageSmoothingQuality = "high";
  context.drawImage(image, -width / 2, -height / 2, width, height);
  return canvas;
}

/**
 * A page stamped in red: more than RED_INK_SHARE of its pixels clearly red (red above both green
 * and blue by more than RED_MARGIN). Faded thermal print is often a little pink, and a photo's
 * colours are no stamp: read by their red channel, they lose contrast or gain it.
 */
function holdsRedInk(rgba: Uint8ClampedArray): boolean {
  let red = 0;
  for (let at = 0; at < rgba.length; at += 4) {
    if ((rgba[at] ?? 0) - Math.max(rgba[at + 1] ?? 0, rgba[at + 2] ?? 0) > RED_MARGIN) red += 1;
  }
  return red > RED_INK_SHARE * (rgba.length / 4);
}

/**
 * Every pixel set to its red value: a red or pink stamp across the totals fades to the paper's
 * white, while black and blue print stays dark.
 */
function redAsGrey(canvas: Canvas): void {
  const context = canvas.getContext("2d");
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  const data = pixels.data;
  for (let at = 0; at < data.length; at += 4) {
    const red = data[at] ?? 0;
    data[at + 1] = red;
    data[at + 2] = red;
  }
  context.putImageData(pixels, 0, 0);
}

/** The canvas with its dotted leaders and dashed rules whitened (see eraseLeaderMarks). */
function withoutLeaderMarks(canvas: Canvas): void {
  const context = canvas.getContext("2d");
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  if (eraseLeaderMarks(pixels.data, canvas.width, canvas.height) > 0) context.putImageData(pixels, 0, 0);
}

/** A small copy for orientation detection, which needs shapes, not detail. */
export async function thumbnail(bytes: Uint8Array, longSide: number): Promise<Buffer> {
  const image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const scale = Math.min(1, longSide / Math.max(image.width, image.height));
  const canvas = createCanvas(Math.round(image.width * scale), Math.round(image.height * scale));
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toBuffer("image/png");
}
