import type { ExtractionSchema } from "../ports/extractor.ts";

/** The default extraction target: what most teams want to know about any document. */
export const GENERIC_DOCUMENT_SCHEMA: ExtractionSchema = {
  id: "generic-document/v1",
  schema: {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "GenericDocument",
    description: "Facts about a document that hold for any kind of document.",
    type: "object",
    additionalProperties: false,
    required: [
      "title",
      "document_type",
      "language",
      "summary",
      "dates",
      "people",
      "organizations",
      "monetary_amounts",
      "key_points",
    ],
    properties: {
      title: { type: "string", description: "The document's title, or its first heading." },
      document_type: {
        type: "string",
        description:
          "What kind of document this is, e.g. report, invoice, email, memo, slide deck, spreadsheet, article.",
      },
      language: { type: "string", description: "ISO 639-1 code of the main language, e.g. en." },
      summary: { type: "string", description: "Two or three sentences on what the document says." },
      dates: {
        type: "array",
        description: "Dates mentioned, normalised to ISO 8601 where possible.",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["value"],
          properties: { value: { type: "string" }, context: { type: "string" } },
        },
      },
      people: { type: "array", items: { type: "string" }, description: "Names of people mentioned." },
      organizations: { type: "array", items: { type: "string" }, description: "Names of organisations mentioned." },
      monetary_amounts: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["amount", "currency"],
          properties: {
            amount: { type: "number" },
            currency: { type: "string", description: "ISO 4217 code, e.g. USD." },
            context: { type: "string" },
          },
        },
      },
      key_points: { type: "array", items: { type: "string" }, maxItems: 10 },
      emails: { type: "array", items: { type: "string" }, description: "E-mail addresses mentioned." },
    },
  },
};
