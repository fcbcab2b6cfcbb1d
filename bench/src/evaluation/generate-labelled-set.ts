import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Writes bench/fixtures/labelled/: invoices, contracts and e-mails made up from seeded random
 * choices, each with the fields it states, in labels.json. Deterministic: the same files every
 * run, so the committed set is what this script writes. `node bench/src/evaluation/generate-labelled-set.ts`
 */

let seed = 20260301;
function random(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const COMPANIES = [
  "Fabrikam Inc.",
  "Northwind Traders LLC",
  "Contoso Ltd",
  "Globex Corporation",
  "Initech Solutions GmbH",
  "Wayne Logistics PLC",
  "Tailspin Toys Company",
  "Adventure Works AG",
  "Litware Analytics Inc.",
  "Proseware Consulting Ltd",
];
const SERVICES = ["Consulting", "Software licence", "Support plan", "Cloud hosting", "Training day", "Audit"];
const LAWS = [
  "the State of New York",
  "the State of Delaware",
  "England and Wales",
  "the Federal Republic of Germany",
  "the State of California",
];
const TERMS = ["two (2) years", "twelve (12) months", "three (3) years", "one (1) year", "eighteen (18) months"];
const AGREEMENTS = [
  "Services Agreement",
  "Non-Disclosure Agreement",
  "Consulting Agreement",
  "Software License Agreement",
  "Supply Agreement",
];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

interface Day {
  y: number;
  m: number;
  d: number;
}
const iso = (day: Day) => `${day.y}-${String(day.m).padStart(2, "0")}-${String(day.d).padStart(2, "0")}`;
function randomDay(): Day {
  return { y: int(2023, 2026), m: int(1, 12), d: int(1, 28) };
}
function addDays(day: Day, days: number): Day {
  const date = new Date(Date.UTC(day.y, day.m - 1, day.d + days));
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}
/** Written the way documents write dates, not only ISO. */
function written(day: Day, style: number): string {
  switch (style % 4) {
    case 0:
      return iso(day);
    case 1:
      return `${MONTHS[day.m - 1]} ${day.d}, ${day.y}`;
    case 2:
      return `${day.d} ${MONTHS[day.m - 1]?.slice(0, 3)} ${day.y}`;
    default:
      return `${String(day.d).padStart(2, "0")}/${String(day.m).padStart(2, "0")}/${day.y}`;
  }
}
const money = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

interface Labelled {
  file: string;
  class: string;
  fields: Record<string, unknown>;
}

function invoice(i: number): { text: string; label: Labelled } {
  const vendor = pick(COMPANIES);
  let customer = pick(COMPANIES);
  while (customer === vendor) customer = pick(COMPANIES);
  const issued = randomDay();
  const due = addDays(issued, pick([14, 30, 45]));
  const currency = pick(["USD", "EUR", "GBP"]);
  const symbol = { USD: "$", EUR: "€", GBP: "£" }[currency] as string;
  const lines = Array.from({ length: int(1, 4) }, () => ({
    what: pick(SERVICES),
    qty: int(1, 12),
    price: int(40, 900),
  }));
  const subtotal = lines.reduce((sum, l) => sum + l.qty * l.price, 0);
  const tax = Math.round(subtotal * 0.2 * 100) / 100;
  const total = Math.round((subtotal + tax) * 100) / 100;
  const number = `INV-${int(1000, 9999)}`;
  const style = i % 3;
  const body =
    style === 0
      ? [
          vendor,
          `${int(1, 400)} Market Street, Springfield`,
          "",
          "INVOICE",
          `Invoice number: ${number}`,
          `Invoice date: ${written(issued, i)}`,
          `Due date: ${written(due, i)}`,
          "",
          "Bill to:",
          customer,
          "",
          ...lines.map((l) => `${l.what}  ${l.qty} x ${symbol}${money(l.price)}  ${symbol}${money(l.qty * l.price)}`),
          "",
          `Subtotal: ${symbol}${money(subtotal)}`,
          `VAT 20%: ${symbol}${money(tax)}`,
          `Total due: ${currency} ${money(total)}`,
          "Payment terms: net 30. Please remit to the account below.",
        ]
      : style === 1
        ? [
            `INVOICE #${number}`,
            `From: ${vendor}`,
            `Bill to: ${customer}`,
            `Date of issue: ${written(issued, i + 1)}`,
            `Payment due: ${written(due, i + 1)}`,
            "",
            "Description | Qty | Amount",
            ...lines.map((l) => `${l.what} | ${l.qty} | ${money(l.qty * l.price)} ${currency}`),
            "",
            `Tax: ${money(tax)} ${currency}`,
            `Amount due: ${currency} ${money(total)}`,
          ]
        : [
            `${vendor} — Invoice`,
            `Invoice No. ${number}    Issue date: ${written(issued, i + 2)}`,
            `Customer: ${customer}`,
            `Due on: ${written(due, i + 2)}`,
            "",
            ...lines.map((l) => `- ${l.what}, ${l.qty} units at ${money(l.price)}`),
            `Balance due: ${symbol}${money(total)}`,
            "Thank you for your business.",
          ];
  return {
    text: body.join("\n"),
    label: {
      file: `invoice-${String(i + 1).padStart(2, "0")}.txt`,
      class: "invoice",
      fields: {
        invoice_number: number,
        invoice_date: iso(issued),
        due_date: iso(due),
        vendor,
        customer,
        total,
        currency,
      },
    },
  };
}

function contract(i: number): { text: string; label: Labelled } {
  const a = pick(COMPANIES);
  let b = pick(COMPANIES);
  while (b === a) b = pick(COMPANIES);
  const type = pick(AGREEMENTS);
  const effective = randomDay();
  const term = pick(TERMS);
  const law = pick(LAWS);
  const opening =
    i % 2 === 0
      ? `This ${type} (the "Agreement") is entered into by and between ${a} ("Client") and ${b} ("Provider"), effective as of ${written(effective, i)}.`
      : `This ${type} is made on ${written(effective, i + 1)} between ${a}, and ${b}.`;
  const text = [
    type.toUpperCase(),
    "",
    opening,
    "",
    "WHEREAS the parties wish to set out the terms on which the Provider will perform the services;",
    "",
    `1. Term. This Agreement shall continue for a period of ${term}, unless terminated earlier in accordance with Section 5.`,
    "2. Services. The Provider shall perform the services described in Schedule A with reasonable skill and care.",
    "3. Fees. The Client shall pay the fees set out in Schedule B within thirty (30) days of invoice.",
    "4. Confidentiality. Each party shall keep the other party's Confidential Information secret.",
    "5. Termination. Either party may terminate this Agreement on sixty (60) days' written notice.",
    `6. Governing Law. This Agreement shall be governed by the laws of ${law}.`,
    "",
    "IN WITNESS WHEREOF the parties have executed this Agreement.",
  ].join("\n");
  return {
    text,
    label: {
      file: `contract-${String(i + 1).padStart(2, "0")}.txt`,
      class: "contract",
      fields: { contract_type: type, parties: [a, b], effective_date: iso(effective), term, governing_law: law },
    },
  };
}

function email(i: number): { text: string; label: Labelled } {
  const people = ["ada@fabrikam.example", "bob@contoso.example", "chen@northwind.example", "dara@globex.example"];
  const from = pick(people);
  const to = people.filter((p) => p !== from).slice(0, int(1, 2));
  const subject = pick(["Quarterly numbers", "Lunch on Friday", "Contract renewal", "Server maintenance window"]);
  const sent = randomDay();
  const text = [
    `From: ${from}`,
    `To: ${to.join(", ")}`,
    `Subject: ${subject}`,
    `Date: ${iso(sent)}T09:${String(int(10, 59))}:00Z`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Hi,",
    "",
    `About ${subject.toLowerCase()}: please see the notes below and reply by the end of the week.`,
    "",
    "Regards,",
    from.split("@")[0],
  ].join("\r\n");
  return {
    text,
    label: {
      file: `email-${String(i + 1).padStart(2, "0")}.eml`,
      class: "email",
      fields: { from, to, subject, sent_at: iso(sent) },
    },
  };
}

const out = resolve(import.meta.dirname, "../../fixtures/labelled");
mkdirSync(out, { recursive: true });
const made = [
  ...Array.from({ length: 12 }, (_, i) => invoice(i)),
  ...Array.from({ length: 10 }, (_, i) => contract(i)),
  ...Array.from({ length: 6 }, (_, i) => email(i)),
];
for (const { text, label } of made) writeFileSync(join(out, label.file), text);
writeFileSync(join(out, "labels.json"), `${JSON.stringify({ documents: made.map((m) => m.label) }, null, 2)}\n`);
console.log(`wrote ${made.length} labelled documents to ${out}`);
