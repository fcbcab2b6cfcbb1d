import { readFileSync } from "node:fs";
import { createCanvas, loadImage } from "@napi-rs/canvas";

/** A fixture's RGBA pixels and size, as prepareImage reads a page. */
export async function pixelsOf(name: string) {
  const image = await loadImage(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  return { data: context.getImageData(0, 0, image.width, image.height).data, width: image.width, height: image.height };
}
