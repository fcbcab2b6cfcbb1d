import { GENERIC_DOCUMENT_SCHEMA } from "../extraction/generic-document-schema.ts";
import type { ExtractionSchema } from "../ports/extractor.ts";
import type { DocumentClass } from "./document-class.ts";

const DRAFT = "https://json-schema.org/draft/2020-12/schema";
const text = (description: string) => ({ type: "string", description });

/** Strings as SROIE annotates them: as printed on the receipt, not normalised. */
export const RECEIPT_SCHEMA: ExtractionSchema = {
  id: "receipt/v1",
  schema: {
    $schema: DRAFT,
    title: "Receipt",
    description: "The four key fields of a shop receipt, as printed on it.",
    type: "object",
    additionalProperties: false,
    required: ["company", "date", "address", "total"],
    properties: {
      company: text("The seller's name as printed at the top, e.g. 'MR D.I.Y. (M) SDN BHD'."),
      date: text("The date of purchase as printed, e.g. '25/12/2018' or '12-01-19'; no time."),
      address: text("The seller's address as printed, its lines joined with spaces."),
      total: text("The amount paid as printed, without currency, e.g. '9.00' (the rounded total if there is one)."),
    },
  },
};

export const INVOICE_SCHEMA: ExtractionSchema = {
  id: "invoice/v1",
  schema: {
    $schema: DRAFT,
    title: "Invoice",
    description: "A bill a vendor sends a customer for goods or services, to be paid by a due date.",
    type: "object",
    additionalProperties: false,
    required: ["invoice_number", "invoice_date", "due_date", "vendor", "customer", "total", "currency"],
    properties: {
      invoice_number: text("The invoice's number or id as printed."),
      invoice_date: text("The date the invoice was issued, ISO 8601 (YYYY-MM-DD) where possible."),
      due_date: text("The date payment is due, ISO 8601 where possible; empty if none is given."),
      vendor: text("Who issued the invoice (the seller's name)."),
      customer: text("Who is billed (the 'Bill to' name)."),
      total: { type: ["number", "null"], description: "The total amount due, a number; null if not stated." },
      currency: text("ISO 4217 code of the total, e.g. USD."),
    },
  },
};

export const CONTRACT_SCHEMA: ExtractionSchema = {
  id: "contract/v1",
  schema: {
    $schema: DRAFT,
    title: "Contract",
    description: "An agreement between parties: who, since when, for how long, under which law.",
    type: "object",
    additionalProperties: false,
    required: ["contract_type", "parties", "effective_date", "term", "governing_law"],
    properties: {
      contract_type: text("What the agreement is, e.g. 'Services Agreement', 'Non-Disclosure Agreement'."),
      parties: { type: "array", items: { type: "string" }, description: "The parties' names, as written." },
      effective_date: text("The date the agreement takes effect, ISO 8601 where possible."),
      term: text("How long it runs, as written, e.g. 'two (2) years'."),
      governing_law: text("The jurisdiction whose law governs it, e.g. 'the State of New York'."),
    },
  },
};

export const EMAIL_SCHEMA: ExtractionSchema = {
  id: "email/v1",
  schema: {
    $schema: DRAFT,
    title: "Email",
    description: "An e-mail message: who sent it to whom, when, about what.",
    type: "object",
    additionalProperties: false,
    required: ["from", "to", "subject", "sent_at"],
    properties: {
      from: text("The sender's address (or name and address)."),
      to: { type: "array", items: { type: "string" }, description: "The recipients' addresses." },
      subject: text("The subject line."),
      sent_at: text("When it was sent, ISO 8601 where possible."),
    },
  },
};

/** The classes docworker knows without configuration; `generic` takes EXTRACTION_SCHEMA_PATH's schema when set. */
export function builtInClasses(genericSchema: ExtractionSchema = GENERIC_DOCUMENT_SCHEMA): DocumentClass[] {
  return [
    {
      name: "generic",
      description: "Any document that is none of the other classes: reports, articles, memos, manuals, slides.",
      schema: genericSchema,
      keywords: [],
      examples: [],
    },
    {
      name: "receipt",
      description:
        "A shop or restaurant receipt handed over at the till: items, a total, cash and change, tax, a cashier.",
      schema: RECEIPT_SCHEMA,
      keywords: [
        "receipt",
        "cash",
        "change",
        "cashier",
        "rounding",
        "rounded",
        "gst",
        "qty",
        "sdn bhd",
        "thank you",
        "subtotal",
        "sub total",
        "total",
        "tax invoice",
        "cash bill",
        "item",
        "tel",
      ],
      examples: ["TOTAL RM 9.00 CASH 10.00 CHANGE 1.00 THANK YOU PLEASE COME AGAIN"],
    },
    {
      name: "invoice",
      description: "A bill a vendor sends a customer for goods or services, with an invoice number and a due date.",
      schema: INVOICE_SCHEMA,
      keywords: [
        "invoice",
        "invoice number",
        "invoice no",
        "invoice date",
        "bill to",
        "due date",
        "payment terms",
        "amount due",
        "balance due",
        "remit",
        "net 30",
        "purchase order",
      ],
      examples: ["INVOICE Invoice number INV-1042 Bill to: Acme Corp Due date: 2026-03-31 Amount due: USD 1,250.00"],
    },
    {
      name: "contract",
      description: "An agreement between parties setting out obligations, a term, and the governing law.",
      schema: CONTRACT_SCHEMA,
      keywords: [
        "agreement",
        "contract",
        "parties",
        "hereinafter",
        "whereas",
        "governing law",
        "term",
        "termination",
        "effective date",
        "in witness whereof",
        "shall",
        "confidential information",
      ],
      examples: [
        "This Agreement is entered into by and between the parties. The governing law is the State of Delaware.",
      ],
    },
    {
      name: "email",
      description: "An e-mail message with a sender, recipients, a subject and a date.",
      schema: EMAIL_SCHEMA,
      keywords: ["from:", "to:", "subject:", "cc:", "sent:", "date:", "regards", "wrote:"],
      examples: ["From: alice@example.com To: bob@example.com Subject: Meeting on Tuesday"],
    },
  ];
}
