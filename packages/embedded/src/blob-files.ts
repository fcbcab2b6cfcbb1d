import { readFile, rmdir, unlink } from "node:fs/promises";
import { dirname, sep } from "node:path";
import type { ObjectRef } from "@docworker/core";
import { InvalidObjectKeyError } from "./object-path.ts";

/** What the sidecar file next to each object records. */
export interface Sidecar {
  key: string;
  contentType?: string;
  etag: string;
  size: number;
  metadata: Record<string, string>;
  lastModified: string;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}

export async function readBody(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

export async function readSidecar(path: string): Promise<Sidecar | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as Sidecar;
  } catch (error) {
    if (isMissing(error) || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

export async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    // A directory at the key's path means only longer keys exist: nothing to delete, as in S3.
    if (isMissing(error) || (error as NodeJS.ErrnoException).code === "EPERM") return;
    throw error;
  }
}

/** Removes the folders a delete left empty, up to (not including) the bucket folder. */
export async function pruneEmptyParents(path: string, stopAt: string): Promise<void> {
  for (let dir = dirname(path); dir.startsWith(stopAt + sep); dir = dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
  }
}

/** A key that is a folder of other keys (or under a key that is a file) cannot be a file too. */
export function asKeyConflict(error: unknown, ref: ObjectRef): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EISDIR" || code === "ENOTDIR" || code === "EEXIST" || code === "ENOTEMPTY") {
    return new InvalidObjectKeyError(
      `the key ${JSON.stringify(ref.key)} collides with another object's path in ${ref.bucket}`,
    );
  }
  return error;
}
