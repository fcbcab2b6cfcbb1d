import type { ParseLimits } from "@docworker/core";
import { type Unzipped, unzipSync, zipSync } from "fflate";
import { parseError } from "../parse-error.ts";

/** One entry as the zip's central directory describes it. */
export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

// Small entries cannot make a bomb and may legitimately compress very well (a few kB of repeated
// XML attributes), so the per-entry ratio is only judged on entries larger than this.
const RATIO_CHECK_MIN_BYTES = 64 * 1024;

/** True when the bytes start like a zip archive (a local file header, or the end record of an empty zip). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return (
    bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && bytes[3] === bytes[2] + 1
  );
}

/**
 * Lists the entries from the central directory alone: the filter sees each entry's sizes and
 * refuses it, so nothing is decompressed.
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        entries.push({ name: file.name, compressedSize: file.size, uncompressedSize: file.originalSize });
        return false;
      },
    });
  } catch (error) {
    throw parseError("CORRUPT", `zip container is unreadable: ${(error as Error).message}`, error);
  }
  return entries;
}

/** Refuses a decompression bomb by what its directory claims, before anything is expanded. */
export function assertZipWithinLimits(entries: ReadonlyArray<ZipEntryInfo>, limits: ParseLimits): void {
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (entry.uncompressedSize < RATIO_CHECK_MIN_BYTES) continue;
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (ratio > limits.maxCompressionRatio) {
      throw parseError(
        "TOO_LARGE",
        `zip entry ${entry.name} claims a compression ratio of ${Math.round(ratio)}:1; the limit is ${limits.maxCompressionRatio}:1`,
      );
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw parseError(
      "TOO_LARGE",
      `zip entries claim ${total} bytes uncompressed; the limit is ${limits.maxUncompressedBytes}`,
    );
  }
}

/**
 * Checks the directory against the limits, then decompresses the wanted entries. fflate inflates
 * each entry into a buffer of the size the directory declared and never grows it, so an archive
 * that lies about its sizes cannot expand past the limits we just checked.
 */
export function extractZipEntries(
  bytes: Uint8Array,
  limits: ParseLimits,
  wanted: (name: string) => boolean = () => true,
): Unzipped {
  assertZipWithinLimits(readZipDirectory(bytes), limits);
  try {
    return unzipSync(bytes, { filter: (file) => wanted(file.name) });
  } catch (error) {
    throw parseError("CORRUPT", `zip entry could not be decompressed: ${(error as Error).message}`, error);
  }
}

/**
 * The same archive rebuilt with every entry stored uncompressed. Libraries that unzip on their own
 * (mammoth, exceljs) inflate until the stream ends, whatever the directory claims; handing them
 * entries we already expanded within the limits leaves them nothing to expand.
 */
export function restoreAsStoredZip(entries: Unzipped): Uint8Array {
  const stored: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [name, data] of Object.entries(entries)) stored[name] = [data, { level: 0 }];
  return zipSync(stored);
}

/** Entries read as UTF-8 text, e.g. OOXML parts. */
export function entryText(entries: Unzipped, name: string): string | undefined {
  const data = entries[name];
  return data === undefined ? undefined : new TextDecoder("utf-8").decode(data);
}
