export interface TextWindow {
  start: number;
  end: number;
}

/**
 * Where to read a document that does not fit one call: the first window (title, summary and
 * most facts live at the start) plus windows spaced evenly to the end, at most `maxWindows` in
 * all. A document that needs no more windows than that is covered completely.
 */
export function planWindows(length: number, windowChars: number, maxWindows: number): TextWindow[] {
  if (length <= windowChars) return [{ start: 0, end: length }];
  const count = Math.min(Math.max(1, maxWindows), Math.ceil(length / windowChars));
  if (count === 1) return [{ start: 0, end: windowChars }];
  const stride = (length - windowChars) / (count - 1);
  return Array.from({ length: count }, (_, i) => {
    const start = Math.round(i * stride);
    return { start, end: Math.min(length, start + windowChars) };
  });
}

type PropertySchema = { type?: string | string[]; maxItems?: number };

/**
 * One result from several windows' results, each valid on its own: a scalar (or object) comes
 * from the first window that has a non-empty value, arrays are concatenated in document order,
 * de-duplicated (case and spacing ignored) and capped at the schema's maxItems.
 */
export function mergeWindowResults(
  results: Record<string, unknown>[],
  schema: Record<string, unknown>,
): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, PropertySchema | undefined>;
  const keys = [...new Set(results.flatMap((result) => Object.keys(result)))];
  const merged: Record<string, unknown> = {};
  for (const key of keys) {
    const values = results.map((result) => result[key]).filter((value) => value !== undefined);
    if (values.some(Array.isArray)) {
      const items = uniqueItems(values.flatMap((value) => (Array.isArray(value) ? value : [])));
      const maxItems = properties[key]?.maxItems;
      merged[key] = maxItems === undefined ? items : items.slice(0, maxItems);
    } else {
      merged[key] = values.find((value) => !isEmpty(value)) ?? values[0];
    }
  }
  return merged;
}

function uniqueItems(items: unknown[]): unknown[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = canonical(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function canonical(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.trim().replace(/\s+/g, " ").toLowerCase());
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return value.trim() === "";
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}
