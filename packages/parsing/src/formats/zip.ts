import type { ArchiveMember, TextBlock } from "@docworker/core";
import { detectFormat } from "../detect-format.ts";
import type { FormatInput, FormatParser } from "../format-parser.ts";
import { parseError } from "../parse-error.ts";
import { extractZipEntries, readZipDirectory, type ZipEntryInfo } from "../zip/zip-archive.ts";

// Folders, and what archivers add beside the files (macOS resource forks, Finder and Explorer
// caches), are not documents anyone put in the archive.
const NOT_A_FILE = [/\/$/, /(^|\/)__MACOSX\//, /(^|\/)\.DS_Store$/, /(^|\/)Thumbs\.db$/i];

/**
 * A zip archive: each file in it becomes a member, to be ingested as a document of its own, and
 * the archive's own text lists them. An archive inside the archive is unpacked too, one level
 * deep; an archive nested deeper is listed as skipped (a zip that contains itself never ends).
 * The directories are checked against the decompression limits before anything is expanded, the
 * nested ones against what is left of the same budget, and the member count against its limit.
 */
export const parseZip: FormatParser = async (input) => {
  const { limits, filename } = input;
  const outer = unpack(input.bytes, limits, limits.maxUncompressedBytes);
  const members: ArchiveMember[] = [];
  const skipped: string[] = [];
  let left = limits.maxUncompressedBytes - outer.claimed;
  for (const [path, bytes] of outer.files) {
    if (!(await isArchive(bytes, path))) {
      members.push({ path, bytes });
      continue;
    }
    const inner = unpack(bytes, limits, left, path);
    left -= inner.claimed;
    for (const [innerPath, innerBytes] of inner.files) {
      const nestedPath = `${path}/${innerPath}`;
      if (await isArchive(innerBytes, innerPath)) skipped.push(nestedPath);
      else members.push({ path: nestedPath, bytes: innerBytes });
    }
  }
  if (members.length > limits.maxArchiveMembers) {
    throw parseError(
      "TOO_LARGE",
      `the archive holds ${members.length} files; the limit is ${limits.maxArchiveMembers} (MAX_ARCHIVE_MEMBERS)`,
    );
  }
  if (members.length === 0) throw parseError("EMPTY", "the zip archive holds no files");
  const listing = members.map((member) => member.path).join("\n");
  input.budget.spend(listing.length);
  const blocks: TextBlock[] = [
    { kind: "heading", text: filename, level: 1 },
    { kind: "list", text: listing },
  ];
  if (skipped.length > 0) {
    blocks.push({
      kind: "paragraph",
      text: `Archives nested more than one level deep, not unpacked: ${skipped.join(", ")}`,
    });
  }
  return { blocks, members };
};

function unpack(
  bytes: Uint8Array,
  limits: FormatInput["limits"],
  budget: number,
  within?: string,
): { files: [string, Uint8Array][]; claimed: number } {
  const entries: ZipEntryInfo[] = readZipDirectory(bytes).filter((entry) => isFile(entry.name));
  if (entries.length > limits.maxArchiveMembers) {
    throw parseError(
      "TOO_LARGE",
      `${within ?? "the archive"} holds ${entries.length} files; the limit is ${limits.maxArchiveMembers} (MAX_ARCHIVE_MEMBERS)`,
    );
  }
  const extracted = extractZipEntries(bytes, { ...limits, maxUncompressedBytes: Math.max(0, budget) }, isFile);
  return {
    files: Object.entries(extracted).sort(([a], [b]) => a.localeCompare(b)),
    claimed: entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0),
  };
}

function isFile(name: string): boolean {
  return !NOT_A_FILE.some((pattern) => pattern.test(name));
}

/** A plain archive, not one of the document formats that are zips inside (DOCX, ODT, EPUB...). */
async function isArchive(bytes: Uint8Array, path: string): Promise<boolean> {
  if (bytes.byteLength < 4) return false;
  try {
    return (await detectFormat(bytes, path)).format === "zip";
  } catch {
    return false;
  }
}
