import { randomUUID } from "node:crypto";
import { readdirSync, rmSync, statSync } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

/** A file being written under a temporary name; `commit` moves it into place in one rename. */
export interface PendingFile {
  write(chunk: Uint8Array): Promise<void>;
  /** Syncs the data to disk and closes the file; commit does it too when it was not done. */
  flush(): Promise<void>;
  commit(destination: string): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Starts a file in `tempDir` (on the same filesystem as its destination, so the rename is atomic).
 * Readers see the old file or the new one, never a partial write; the data is synced first.
 */
export async function startAtomicFile(tempDir: string): Promise<PendingFile> {
  const path = join(tempDir, `${randomUUID()}.tmp`);
  const handle = await openInTempDir(tempDir, path);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  let flushed: Promise<void> | undefined;
  const flush = () => {
    flushed ??= handle.sync().then(close);
    return flushed;
  };
  return {
    async write(chunk) {
      let offset = 0;
      while (offset < chunk.byteLength) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
        offset += bytesWritten;
      }
    },
    flush,
    async commit(destination) {
      await flush();
      // A delete of a sibling key may prune the folder between mkdir and rename: make it again.
      for (let attempt = 0; ; attempt++) {
        await mkdir(dirname(destination), { recursive: true, mode: 0o700 });
        try {
          await rename(path, destination);
          return;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt >= 3) throw error;
        }
      }
    },
    async discard() {
      await close().catch(() => undefined);
      await rm(path, { force: true });
    },
  };
}

/** Temporary folders made by this process: each file written (two per object) need not make it again. */
const madeTempDirs = new Set<string>();

async function openInTempDir(tempDir: string, path: string) {
  if (!madeTempDirs.has(tempDir)) {
    await mkdir(tempDir, { recursive: true, mode: 0o700 });
    madeTempDirs.add(tempDir);
  }
  try {
    return await open(path, "wx", 0o600);
  } catch (error) {
    // The folder went away since (a data directory removed and made again): make it once more.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(tempDir, { recursive: true, mode: 0o700 });
    return await open(path, "wx", 0o600);
  }
}

/** A temporary file this old was left by a process that died writing it: nobody will commit it. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Removes the temporary files a crash left behind. Only old ones: other processes sharing the
 * data directory (the CLI, a second worker) may be writing theirs right now.
 */
export function sweepStaleTempFiles(tempDir: string, now: Date): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(tempDir);
  } catch {
    return 0; // no temp folder yet
  }
  for (const name of names) {
    if (!name.endsWith(".tmp")) continue;
    const path = join(tempDir, name);
    try {
      if (now.getTime() - statSync(path).mtimeMs < STALE_TEMP_MS) continue;
      rmSync(path, { force: true });
      removed += 1;
    } catch {
      // gone meanwhile
    }
  }
  return removed;
}

/** `data` in a temporary file, not yet synced: for writing several files and syncing them at once. */
export async function writtenFile(tempDir: string, data: Uint8Array): Promise<PendingFile> {
  const file = await startAtomicFile(tempDir);
  try {
    await file.write(data);
    return file;
  } catch (error) {
    await file.discard();
    throw error;
  }
}
