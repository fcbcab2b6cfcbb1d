import { InvalidCursorError } from "@docworker/core";

export { InvalidCursorError };

/** The index key of the last item of a page; DynamoDB's ExclusiveStartKey for the next one. */
export type StartKey = Record<string, string>;

/** base64url of the JSON of the start key: opaque to clients, and checked when it comes back. */
export function encodeCursor(key: StartKey): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/**
 * Decodes a cursor and checks it belongs to the query asked now: exactly the expected attributes,
 * all strings, and the partition values the query uses (a cursor cannot reach another tenant).
 */
export function decodeCursor(
  cursor: string,
  expected: { attributes: string[]; fixed: Record<string, string> },
): StartKey {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InvalidCursorError();
  const entries = Object.entries(value);
  const valid =
    entries.length === expected.attributes.length &&
    entries.every(([name, v]) => expected.attributes.includes(name) && typeof v === "string" && v.length > 0) &&
    Object.entries(expected.fixed).every(([name, v]) => (value as Record<string, unknown>)[name] === v);
  if (!valid) throw new InvalidCursorError();
  return value as StartKey;
}
