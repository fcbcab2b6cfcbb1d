import { InvalidArgumentError } from "commander";
import type { SearchFilters } from "./api-types.ts";

/** Commander argParser for an integer within bounds. */
export function integerBetween(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

/** Commander argParser that collects repeated `key=value` flags into a record. */
export function collectKeyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const [key, entry] = splitKeyValue(value);
  return { ...previous, [key]: entry };
}

function splitKeyValue(value: string): [string, string] {
  const at = value.indexOf("=");
  if (at <= 0) throw new InvalidArgumentError(`expected key=value, got "${value}"`);
  return [value.slice(0, at).trim(), value.slice(at + 1)];
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Commander argParser for a duration: `90` (seconds), `500ms`, `30s`, `10m`, `1h`. Returns ms. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError("expected a duration like 90, 30s, 10m or 1h");
  const ms = Number(match[1]) * (UNITS[match[2] ?? "s"] ?? 1000);
  if (ms <= 0) throw new InvalidArgumentError("expected a duration above zero");
  return ms;
}

export const FILTER_KEYS = ["contentType", "filenamePrefix", "createdAfter", "createdBefore", "metadata.<key>"];

/**
 * Commander argParser for repeated `--filter key=value`: contentType (repeatable or
 * comma-separated), filenamePrefix, createdAfter/createdBefore (ISO 8601), metadata.<key>.
 */
export function collectFilter(value: string, previous: SearchFilters = {}): SearchFilters {
  const [key, entry] = splitKeyValue(value);
  switch (key) {
    case "contentType":
      return { ...previous, contentType: [...(previous.contentType ?? []), ...splitList(entry)] };
    case "filenamePrefix":
      return { ...previous, filenamePrefix: entry };
    case "createdAfter":
    case "createdBefore":
      return { ...previous, [key]: isoDate(entry) };
    default:
      if (key.startsWith("metadata.") && key.length > "metadata.".length) {
        return { ...previous, metadata: { ...previous.metadata, [key.slice("metadata.".length)]: entry } };
      }
      throw new InvalidArgumentError(`unknown filter "${key}"; use one of ${FILTER_KEYS.join(", ")}`);
  }
}

/** Commander argParser for an ISO 8601 date or date-time; sent to the API as a full date-time. */
export function isoDate(value: string): string {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) {
    throw new InvalidArgumentError("expected an ISO 8601 date, e.g. 2024-05-01 or 2024-05-01T12:00:00Z");
  }
  return new Date(time).toISOString();
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}
