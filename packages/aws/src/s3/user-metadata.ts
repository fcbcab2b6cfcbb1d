/**
 * S3 user metadata travels in HTTP headers (x-amz-meta-*), which carry US-ASCII only. Like S3's own
 * console, values with other characters are sent RFC 2047 encoded (`=?UTF-8?B?...?=`); S3 stores
 * and returns that form, and reading decodes it again, so a value round-trips whatever it holds.
 */
const ENCODED = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/i;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function encodeMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const encoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(metadata ?? {})) {
    // S3 lower-cases metadata names; doing it here makes a presigned header match what is stored.
    encoded[name.toLowerCase()] =
      PRINTABLE_ASCII.test(value) && !ENCODED.test(value)
        ? value
        : `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;
  }
  return encoded;
}

export function decodeMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(metadata ?? {})) {
    const match = ENCODED.exec(value);
    decoded[name] = match ? Buffer.from(match[1] ?? "", "base64").toString("utf8") : value;
  }
  return decoded;
}
