import { randomUUID } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

/** A file being written under a temporary name; `commit` moves it into place in one rename. */
export interface PendingFile {
  write(chunk: Uint8Array): Promise<void>;
  commit(destination: string): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Starts a file in `tempDir` (on the same filesystem as its destination, so the rename is atomic).
 * Readers see the old file or the new one, never a partial write; the data is synced first.
 */
export async function startAtomicFile(tempDir: string): Promise<PendingFile> {
  await mkdir(tempDir, { recursive: true });
  const path = join(tempDir, `${randomUUID()}.tmp`);
  const handle = await open(path, "wx", 0o600);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return {
    async write(chunk) {
      let offset = 0;
      while (offset < chunk.byteLength) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
        offset += bytesWritten;
      }
    },
    async commit(destination) {
      await handle.sync();
      await close();
      // A delete of a sibling key may prune the folder between mkdir and rename: make it again.
      for (let attempt = 0; ; attempt++) {
        await mkdir(dirname(destination), { recursive: true });
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

export async function writeFileAtomically(tempDir: string, destination: string, data: Uint8Array): Promise<void> {
  const file = await startAtomicFile(tempDir);
  try {
    await file.write(data);
    await file.commit(destination);
  } catch (error) {
    await file.discard();
    throw error;
  }
}
