/**
 * Normalisers: the forms in which two writings of one value compare equal. Evidence location and
 * the evaluation use the same ones, so "found in the text" and "counted as correct" agree.
 */

/** Lower case, whitespace runs as one space, trimmed. */
export function normaliseText(value: string): string {
  return value.toLowerCase().replace(/\s+/g, " ").trim();
}

/** normaliseText without punctuation: for comparing names and addresses as OCR reads them. */
export function normaliseLoose(value: string): string {
  return normaliseText(value.replace(/[^\p{L}\p{N}\s]/gu, " "));
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH_NAME = "(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\\.?";

/** Date-like spans in running text: numeric (12/01/2019, 12-01-19, 2019-01-12) and with month names. */
export const DATE_PATTERN = new RegExp(
  `\\b(?:\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}|\\d{1,2}\\s*${MONTH_NAME}\\s*,?\\s*\\d{2,4}|${MONTH_NAME}\\s+\\d{1,2},?\\s+\\d{4})\\b`,
  "gi",
);

/**
 * A date as YYYY-MM-DD, or undefined when the text is not one date. Numeric dates are read day
 * first (as most of the world and SROIE's receipts write them) unless that cannot be a date.
 */
export function normaliseDate(value: string): string | undefined {
  const text = value.trim().toLowerCase();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t\s].*)?$/.exec(text);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})(?:\s.*)?$/.exec(text);
  if (m) {
    const year = fullYear(m[3] as string);
    const a = Number(m[1]);
    const b = Number(m[2]);
    return iso(year, b, a) ?? iso(year, a, b);
  }
  m = new RegExp(`^(\\d{1,2})\\s*${MONTH_NAME}\\s*,?\\s*(\\d{2,4})$`).exec(text);
  if (m) return iso(fullYear(m[3] as string), MONTHS[m[2] as string] ?? 0, Number(m[1]));
  m = new RegExp(`^${MONTH_NAME}\\s+(\\d{1,2}),?\\s+(\\d{4})$`).exec(text);
  if (m) return iso(Number(m[3]), MONTHS[m[1] as string] ?? 0, Number(m[2]));
  return undefined;
}

function fullYear(year: string): number {
  const n = Number(year);
  return year.length === 2 ? 2000 + n : n;
}

function iso(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Amounts in running text: 1,234.56 / 9.00 / 1250. */
export const AMOUNT_PATTERN = /(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\d.,])\d+(?:\.\d+)?(?![\d,])/g;

/** An amount as a number of cents-precision, from "RM 1,234.50", "$9", "9.00" or 9; else undefined. */
export function normaliseAmount(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? Math.round(value * 100) / 100 : undefined;
  if (typeof value !== "string") return undefined;
  const stripped = value
    .trim()
    .replace(/^(?:[A-Za-z]{1,3}\$?|[$€£¥])\s*/, "")
    .replace(/\s*(?:[A-Za-z]{3}|[$€£¥])$/, "");
  if (!/^-?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^-?\d+(?:\.\d+)?$/.test(stripped)) return undefined;
  return Math.round(Number(stripped.replaceAll(",", "")) * 100) / 100;
}
