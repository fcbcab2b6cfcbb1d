import type { PdfLine } from "./pdf-layout.ts";

// A page needs at least this many visible characters per square inch of its area (a letter page:
// about 47) and this many in all; fewer is a scan with, at most, a stamped header or page number.
const MIN_CHARS_PER_SQUARE_INCH = 0.5;
const MIN_CHARS = 20;
// More than this share of unmappable glyphs (U+FFFD, private use, control characters) is a font
// without a usable ToUnicode map: the text layer is there but says nothing.
const MAX_GARBLED_SHARE = 0.1;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we count
const GARBLED = /[\uFFFD\uE000-\uF8FF\u0000-\u0008\u000E-\u001F]/gu;

/**
 * Whether a page's text layer can stand for the page: enough characters for its area, and not
 * mostly glyphs without a Unicode mapping. Pages that fail are recognised from their image.
 */
export function hasUsableTextLayer(lines: ReadonlyArray<PdfLine>, widthPt: number, heightPt: number): boolean {
  const text = lines.map((line) => line.text).join("");
  const visible = text.replace(/\s+/g, "");
  const area = Math.max(1, (widthPt / 72) * (heightPt / 72));
  if (visible.length < Math.max(MIN_CHARS, area * MIN_CHARS_PER_SQUARE_INCH)) return false;
  const garbled = visible.match(GARBLED)?.length ?? 0;
  return garbled / visible.length <= MAX_GARBLED_SHARE;
}
