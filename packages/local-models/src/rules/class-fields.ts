import { DATE_PATTERN, normaliseAmount, normaliseDate } from "@docworker/core";
import type { RuleValue } from "./receipt-fields.ts";

type Fields = Record<string, RuleValue | { value: unknown; confidence: number }>;

const DATE = DATE_PATTERN.source;
const SYMBOL_CURRENCY: Record<string, string> = { $: "USD", "€": "EUR", "£": "GBP", "¥": "JPY" };

/** A labelled date as ISO 8601 when it reads as one, else as written. */
function labelledDate(text: string, label: string): RuleValue | undefined {
  const m = new RegExp(`${label}\\s*[:\\-]?\\s*(${DATE})`, "i").exec(text);
  if (!m?.[1]) return undefined;
  return { value: normaliseDate(m[1]) ?? m[1], confidence: 0.85 };
}

function labelled(text: string, pattern: RegExp, confidence = 0.8): RuleValue | undefined {
  const value = pattern.exec(text)?.[1]?.trim();
  return value ? { value, confidence } : undefined;
}

const none = (): RuleValue => ({ value: "", confidence: 0 });

/** Invoices: labels are what carries the fields ("Invoice number", "Bill to", "Due date", "Total due"). */
export function fillInvoiceFields(text: string): Fields {
  const lines = text.split("\n").map((l) => l.trim());
  const billTo = lines.findIndex((l) => /^(?:bill(?:ed)?\s+to|customer)\b/i.test(l));
  const sameLine =
    billTo >= 0 ? /^(?:bill(?:ed)?\s+to|customer)\s*:?\s*(.+)$/i.exec(lines[billTo] ?? "")?.[1] : undefined;
  const customer = sameLine ?? (billTo >= 0 ? lines.slice(billTo + 1).find((l) => l.length > 0) : undefined);
  const fromLine = /^(?:from|vendor|seller|issued by)\s*:?\s*(.+)$/im.exec(text)?.[1];
  const vendor = fromLine ?? lines.find((l) => l.length > 0 && !/invoice/i.test(l));
  const totals = [
    ...text.matchAll(
      /(?:total\s+due|amount\s+due|balance\s+due|grand\s+total|total)\s*:?\s*(?<currency>[A-Z]{3}|[$€£¥])?\s*(?<amount>\d{1,3}(?:,\d{3})*(?:\.\d{2})?|\d+(?:\.\d{2})?)/gi,
    ),
  ];
  const total = totals.at(-1);
  const amount = normaliseAmount(total?.groups?.amount);
  const code = total?.groups?.currency;
  const currency = code
    ? (SYMBOL_CURRENCY[code] ?? code.toUpperCase())
    : /\b(USD|EUR|GBP|CHF|JPY|CAD|AUD)\b/.exec(text)?.[1];
  return {
    invoice_number: labelled(text, /invoice\s*(?:no\.?|number|num|#)\s*[:#]?\s*([A-Z0-9][A-Z0-9/-]*)/i, 0.85) ?? none(),
    invoice_date: labelledDate(text, "(?:invoice\\s+date|date\\s+of\\s+issue|issue\\s+date|date)") ?? none(),
    due_date: labelledDate(text, "(?:due\\s+date|payment\\s+due|due\\s+on|due)") ?? none(),
    vendor: vendor ? { value: vendor, confidence: fromLine ? 0.8 : 0.5 } : none(),
    customer: customer ? { value: customer.trim(), confidence: 0.75 } : none(),
    total: amount === undefined ? { value: null, confidence: 0 } : { value: amount, confidence: 0.8 },
    currency: currency ? { value: currency, confidence: 0.7 } : none(),
  };
}

/** Contracts: the opening sentence names the parties; clauses carry term and governing law. */
export function fillContractFields(text: string): Fields {
  const head = text.slice(0, 20_000);
  const type = /^.*\b(?:agreement|contract)\b.*$/im.exec(head)?.[0]?.trim();
  const between = /between\s+(.+?)(?:\s*\([^)]*\))?\s*,?\s+and\s+(.+?)(?:\s*\([^)]*\))?\s*(?:[,.;]|\n|$)/is.exec(head);
  const parties = between
    ? [between[1], between[2]].map((p) => (p ?? "").replace(/\s+/g, " ").replace(/,$/, "").trim()).filter(Boolean)
    : [];
  const term =
    labelled(head, /\bfor\s+a\s+(?:period|term)\s+of\s+([^,.;\n(]+(?:\([^)]*\)[^,.;\n(]*)?)/i) ??
    labelled(head, /\bterm\s+of\s+(?:this\s+agreement\s+(?:is|shall\s+be)\s+)?([^,.;\n(]+(?:\([^)]*\)[^,.;\n(]*)?)/i) ??
    none();
  return {
    contract_type: type ? { value: type.replace(/\s+/g, " ").slice(0, 200), confidence: 0.7 } : none(),
    parties: { value: parties, confidence: parties.length ? 0.75 : 0 },
    effective_date:
      labelledDate(
        head,
        "(?:effective\\s+(?:as\\s+of|date|from|on)?|dated\\s+(?:as\\s+of)?|made\\s+on|entered\\s+into\\s+on)",
      ) ?? none(),
    term: { ...term, value: term.value.replace(/\s+/g, " ").trim() },
    governing_law:
      labelled(
        head,
        /governed\s+by\s+(?:and\s+construed\s+in\s+accordance\s+with\s+)?the\s+laws?\s+of\s+([^,.;\n]+)/i,
      ) ?? none(),
  };
}

/** E-mails: the header lines (the parser writes the subject among them, and as the first heading). */
export function fillEmailFields(text: string, headings: readonly string[] = []): Fields {
  const header = (name: string) => new RegExp(`^${name}\\s*:\\s*(.+)$`, "im").exec(text.slice(0, 10_000))?.[1]?.trim();
  const to = header("to");
  const sent = header("(?:date|sent)");
  return {
    from: header("from") ? { value: header("from"), confidence: 0.85 } : none(),
    to: { value: to ? to.split(/[,;]\s*/).filter(Boolean) : [], confidence: to ? 0.85 : 0 },
    subject: header("subject")
      ? { value: header("subject"), confidence: 0.85 }
      : headings[0]
        ? { value: headings[0], confidence: 0.7 }
        : none(),
    sent_at: sent ? { value: normaliseDate(sent) ?? sent, confidence: 0.8 } : none(),
  };
}
