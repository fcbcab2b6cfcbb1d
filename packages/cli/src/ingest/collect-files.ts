import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { UsageError } from "../cli-errors.ts";

export interface IngestFile {
  /** As the user would write it: the argument, joined with the path below it for directories. */
  path: string;
  /** Sent to the API: the file's own name, so search results show what a person recognises. */
  filename: string;
  size: number;
}

/**
 * Files named on the command line, with directories walked recursively. Hidden entries (".x")
 * are skipped inside directories but taken when named explicitly; symlinked files are followed,
 * symlinked directories are not (no cycles). Each file is taken once, in a stable order.
 */
export async function collectFiles(paths: string[]): Promise<IngestFile[]> {
  const files: IngestFile[] = [];
  const seen = new Set<string>();
  const add = (path: string, size: number) => {
    const absolute = resolve(path);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push({ path, filename: basename(path), size });
  };
  for (const path of paths) {
    const stats = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        error.code === "ENOENT" ? `no such file or directory: ${path}` : `${path}: ${error.message}`,
      );
    });
    if (stats.isDirectory()) {
      for (const file of await walk(path)) add(file.path, file.size);
    } else if (stats.isFile()) {
      add(path, stats.size);
    } else {
      throw new UsageError(`not a file or directory: ${path}`);
    }
  }
  return files;
}

async function walk(directory: string): Promise<{ path: string; size: number }[]> {
  const entries: Dirent[] = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: { path: string; size: number }[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      found.push(...(await walk(path)));
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      const stats = await stat(path).catch(() => undefined);
      if (stats?.isFile()) found.push({ path, size: stats.size });
    }
  }
  return found;
}
