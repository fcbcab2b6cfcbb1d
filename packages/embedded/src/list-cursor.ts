import { InvalidCursorError } from "@docworker/core";

export { InvalidCursorError };

/** Opaque to clients: the sort key (updatedAt, documentId) of the last item served. */
export function encodeCursor(key: [string, string]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "string"))
      return value as [string, string];
  } catch {
    // reported below
  }
  throw new InvalidCursorError();
}
