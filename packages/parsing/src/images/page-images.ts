import type { PageImage } from "@docworker/core";
import { type Canvas, createCanvas, type Image, loadImage } from "@napi-rs/canvas";
import { imageSize } from "image-size";
import UTIF from "utif2";
import { parseError } from "../parse-error.ts";

/** Limits on what an image may decode to, so a small file cannot claim gigapixels. */
export interface ImageLimits {
  maxPages: number;
  /** Width × height of one page, in pixels. */
  maxPixels: number;
}

// Larger pages are scaled down before recognition: more pixels cost time, not accuracy.
const MAX_SIDE = 6000;
// PNG and JPEG as they came are what every recognizer takes; other formats are re-encoded as PNG.
const PASSED_THROUGH = new Set(["image/png", "image/jpeg"]);

/**
 * An image file as page images: every frame of a TIFF, one page for the rest (PNG, JPEG, WebP,
 * BMP, GIF). Dimensions are read from the header and checked before any pixel is decoded.
 */
export async function imageFilePages(bytes: Uint8Array, mediaType: string, limits: ImageLimits): Promise<PageImage[]> {
  if (mediaType === "image/tiff") return tiffPages(bytes, limits);
  const size = readSize(bytes);
  assertPixels(size.width, size.height, limits, 1);
  if (PASSED_THROUGH.has(mediaType) && Math.max(size.width, size.height) <= MAX_SIDE) {
    return [{ page: 1, bytes, mediaType: mediaType as PageImage["mediaType"], ...size }];
  }
  const image = await decodeImage(bytes);
  return [canvasPage(1, drawScaled(image, image.width, image.height))];
}

function tiffPages(bytes: Uint8Array, limits: ImageLimits): PageImage[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let frames: UTIF.IFD[];
  try {
    // Only the directories: sizes and tags, no pixels yet.
    frames = UTIF.decode(buffer).filter((ifd) => tag(ifd, "t256") > 0 && tag(ifd, "t257") > 0);
  } catch (error) {
    throw parseError("CORRUPT", `TIFF could not be read: ${(error as Error).message}`, error);
  }
  if (frames.length === 0) throw parseError("CORRUPT", "TIFF holds no image");
  if (frames.length > limits.maxPages) {
    throw parseError("TOO_LARGE", `TIFF has ${frames.length} pages; the limit is ${limits.maxPages}`);
  }
  return frames.map((ifd, index) => {
    const width = tag(ifd, "t256");
    const height = tag(ifd, "t257");
    assertPixels(width, height, limits, index + 1);
    try {
      UTIF.decodeImage(buffer, ifd);
    } catch (error) {
      throw parseError("CORRUPT", `TIFF page ${index + 1} could not be decoded: ${(error as Error).message}`, error);
    }
    const rgba = UTIF.toRGBA8(ifd);
    const frame = createCanvas(ifd.width, ifd.height);
    const context = frame.getContext("2d");
    const data = context.createImageData(ifd.width, ifd.height);
    data.data.set(rgba);
    context.putImageData(data, 0, 0);
    return canvasPage(index + 1, drawScaled(frame, ifd.width, ifd.height));
  });
}

/** A rendered canvas (a PDF page, a decoded frame) as a PNG page image. */
export function canvasPage(page: number, canvas: Canvas): PageImage {
  return {
    page,
    bytes: canvas.toBuffer("image/png"),
    mediaType: "image/png",
    width: canvas.width,
    height: canvas.height,
  };
}

export function assertPixels(width: number, height: number, limits: ImageLimits, page: number): void {
  if (width * height > limits.maxPixels) {
    throw parseError(
      "TOO_LARGE",
      `page ${page} is ${width}×${height} pixels; the limit is ${limits.maxPixels.toLocaleString("en")} pixels`,
    );
  }
}

function drawScaled(source: Canvas | Image, width: number, height: number): Canvas {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  if (scale === 1 && "toBuffer" in source) return source;
  const canvas = createCanvas(Math.round(width * scale), Math.round(height * scale));
  const context = canvas.getContext("2d");
  // Transparent pixels become white, not black, so text on a transparent PNG stays readable.
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  return canvas;
}

function readSize(bytes: Uint8Array): { width: number; height: number } {
  try {
    const { width, height } = imageSize(bytes);
    if (!width || !height) throw new Error("no dimensions in the header");
    return { width, height };
  } catch (error) {
    throw parseError("CORRUPT", `image could not be read: ${(error as Error).message}`, error);
  }
}

async function decodeImage(bytes: Uint8Array): Promise<Image> {
  try {
    return await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw parseError("CORRUPT", `image could not be decoded: ${(error as Error).message}`, error);
  }
}

function tag(ifd: UTIF.IFD, name: string): number {
  const value = ifd[name];
  return Array.isArray(value) && typeof value[0] === "number" ? value[0] : 0;
}
