import type { FormatParser } from "../format-parser.ts";
import { imageFilePages } from "../images/page-images.ts";
import { parseError } from "../parse-error.ts";

// About 12,000 × 8,000: a 600 dpi scan of a large drawing, far past any phone camera.
export const MAX_PAGE_PIXELS = 100_000_000;

/** An image (a scan, a photo, a screenshot) has no text layer: every page goes to recognition. */
export function imageParser(mediaType: string): FormatParser {
  return async ({ bytes, limits, recognition }) => {
    if (!recognition)
      throw parseError("NO_TEXT_LAYER", `an image has no text layer and no recognizer is configured (${mediaType})`);
    const pages = await imageFilePages(bytes, mediaType, {
      maxPages: Math.min(limits.maxPages, recognition.maxPages),
      maxPixels: MAX_PAGE_PIXELS,
    });
    recognition.onPagesToRender?.(pages.length);
    return { blocks: [], pageCount: pages.length, pagesToRecognize: pages };
  };
}
