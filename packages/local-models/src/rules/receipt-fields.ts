import { DATE_PATTERN } from "@docworker/core";

/** A value and how sure the rule that found it is (0 to 1). */
export interface RuleValue {
  value: string;
  confidence: number;
}

const COMPANY_WORDS =
  /\b(?:SDN\.?\s*BHD|S\/B|BHD|BERHAD|ENTERPRISES?|TRADING|RESTAURANTS?|RESTORAN|HARDWARE|MARKET|MART|STORES?|SHOP|CO\.?|LTD|LLC|INC|GALLERY|STATIONERY|BOOKS|MACHINERY|MOTOR|PETRO|ELECTRICAL|HOLDINGS|PERNIAGAAN|KEDAI|BAKERY|CAFE|PHARMACY|FARMASI|SUPERMARKET|DELIGHTS?)\b/i;
const NOT_ADDRESS =
  /\b(?:TEL|FAX|PHONE|GST|REG|CO\.?\s*NO|COMPANY\s+NO|INVOICE|RECEIPT|CASHIER|DATE|EMAIL|WWW|HTTP)\b|@/i;
const REGISTRATION = /^\(?\s*(?:CO\.?\s*REG|ROC|GST|\d{5,}-[A-Z])\b|^\(?\s*\d{4,}\s*-?\s*[A-Z]\s*\)?$/i;
const POSTCODE = /\d{5}\b/;
const ADDRESS_START = /^(?:NO\b|NO\.|LOT\b|LEVEL\b|BLOCK\b|BLK\b|JALAN\b|JLN\b|\d{1,4}[A-Z]?\s*[,.-]|\d{1,4}\s+JALAN)/i;
const STOP = /\b(?:CASH|TABLE|ORDER|BILL|CHECK|SERVER)\b/i;
const STATES =
  /^(?:JOHOR|SELANGOR|KEDAH|KELANTAN|MELAKA|MALACCA|PAHANG|PERAK|PERLIS|PENANG|PULAU PINANG|SABAH|SARAWAK|TERENGGANU|NEGERI SEMBILAN|KUALA LUMPUR|PUTRAJAYA|LABUAN|MALAYSIA|WILAYAH PERSEKUTUAN|SELANGOR DARUL EHSAN|DARUL EHSAN)\b/i;
/** OCR often puts a space after the decimal point ("73. 00"). */
const AMOUNT = /(?<![\d.])(\d{1,3}(?:,\d{3})*\.\s?\d{2}|\d+\.\s?\d{2})(?!\d)/;
/** Below it, tax summaries repeat totals of their own. */
const SUMMARY = /\b(?:gst|tax)\s+summary\b/i;
/** Total labels, surest first: what was paid, after rounding and tax. */
const TOTAL_LABELS: [RegExp, number][] = [
  [/\b(?:rounded\s+total|total\s+rounded|round(?:ed|ing)?\s*total|nett?\s+total|grand\s+total)\b/i, 0.85],
  [/\btotal\s+(?:incl|inclusive|amount|payable|sales|\(rm\)|rm)\b|\bamount\s+(?:due|payable)\b/i, 0.8],
  [/\btotal\b/i, 0.7],
];
const NOT_TOTAL =
  /\b(?:sub\s*-?\s*total|total\s+(?:excl|exclusive|qty|quantity|items?|disc|discount|saving|gst|tax)|items?\s*\/|qty)\b/i;

/** The four SROIE fields of a receipt, as printed, from its (often recognised) text. */
export function fillReceiptFields(text: string): Record<string, RuleValue> {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 1 && /[A-Za-z0-9]/.test(l) && letterRatio(l) > 0.3);
  const companyIndex = findCompany(lines);
  let company = companyIndex === undefined ? undefined : lines[companyIndex];
  const next = companyIndex === undefined ? undefined : lines[companyIndex + 1];
  if (company && next && !/\bBHD\b/i.test(company) && /^\(?[\w\s.()]{0,30}\bS[DO]N\.?\s*BHD\b/i.test(next)) {
    // "… ENTERPRISE (SETIA ALAM)" / "SDN BHD" printed on two lines is one name.
    company = `${company} ${next}`;
  }
  return {
    company: company ? { value: clean(company), confidence: COMPANY_WORDS.test(company) ? 0.8 : 0.5 } : empty(),
    date: findDate(text),
    address: findAddress(lines, companyIndex ?? -1),
    total: findTotal(lines),
  };
}

function empty(): RuleValue {
  return { value: "", confidence: 0 };
}

function findCompany(lines: string[]): number | undefined {
  const head = lines.slice(0, 10);
  const named = head.findIndex((l) => COMPANY_WORDS.test(l) && !NOT_ADDRESS.test(l));
  if (named >= 0) return named;
  // Else the first upper-case line of words: the shop's name is printed in capitals at the top.
  const upper = head.findIndex((l) => /[A-Z]{2,}/.test(l) && l === l.toUpperCase() && !/\d{3,}/.test(l));
  return upper >= 0 ? upper : undefined;
}

function findAddress(allLines: string[], companyIndex: number): RuleValue {
  // Registration numbers and times in brackets sit before or inside the address lines.
  const lines = allLines.map((l) =>
    l
      .replace(/^.*?\(\s*[\dA-Z.-]{5,}\s*\)\s*/, "")
      .replace(/[|]/g, " ")
      .trim(),
  );
  const from = companyIndex + 1;
  const to = Math.min(lines.length, from + 9);
  let begin = from;
  for (let i = from; i < to; i++) {
    if (ADDRESS_START.test(lines[i] as string)) {
      begin = i;
      break;
    }
  }
  const parts: string[] = [];
  let ended = false;
  for (let i = begin; i < to; i++) {
    const line = lines[i] as string;
    if (!line) continue;
    if (STOP.test(line) && !ended) break;
    if (REGISTRATION.test(line)) continue;
    if (NOT_ADDRESS.test(line)) {
      if (parts.length > 0) break;
      continue;
    }
    if (ended) {
      if (STATES.test(line) || /^\(.*\)$/.test(line)) parts.push(line);
      break;
    }
    parts.push(line);
    if (POSTCODE.test(line)) ended = true;
  }
  if (!ended || parts.length === 0) return parts.length ? { value: clean(parts.join(" ")), confidence: 0.3 } : empty();
  return { value: clean(parts.join(" ")), confidence: 0.75 };
}

function findDate(text: string): RuleValue {
  const labelled = /\bdate\b[^\n\d]{0,12}/i.exec(text);
  if (labelled) {
    const after = text.slice(labelled.index, labelled.index + 60);
    const m = after.match(DATE_PATTERN);
    if (m?.[0]) return { value: m[0], confidence: 0.85 };
  }
  const first = text.match(DATE_PATTERN);
  return first?.[0] ? { value: first[0], confidence: 0.65 } : empty();
}

function findTotal(allLines: string[]): RuleValue {
  const summary = allLines.findIndex((l) => SUMMARY.test(l));
  const lines = summary > 0 ? allLines.slice(0, summary) : allLines;
  for (const [label, confidence] of TOTAL_LABELS) {
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i] as string;
      if (!label.test(line) || NOT_TOTAL.test(line)) continue;
      const after = line.slice((label.exec(line)?.index ?? 0) + 1);
      const amount = AMOUNT.exec(after) ?? AMOUNT.exec(lines[i + 1] ?? "");
      if (amount?.[1]) return { value: amount[1].replace(/\s/g, ""), confidence };
    }
  }
  return empty();
}

function letterRatio(line: string): number {
  return (line.match(/[\p{L}\p{N}]/gu)?.length ?? 0) / line.length;
}

function clean(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}
