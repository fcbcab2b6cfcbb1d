import { stripVTControlCharacters } from "node:util";

/**
 * Text that came from documents or the server must not drive the terminal: control characters
 * (escape sequences included) become spaces, runs of whitespace one space.
 */
export function sanitize(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, " ").replace(/\s+/g, " ");
}

/** Width on screen, ignoring colour codes. */
export function visibleWidth(text: string): number {
  return stripVTControlCharacters(text).length;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatCount(counts: Map<string, number>): string {
  return [...counts].map(([name, n]) => `${name} ${n}`).join(", ");
}
