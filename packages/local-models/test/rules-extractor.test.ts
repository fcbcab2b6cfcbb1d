import { DocworkerError, GENERIC_DOCUMENT_SCHEMA } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { fillGenericFields } from "../src/rules/generic-fields.ts";
import { createRulesExtractor } from "../src/rules-extractor.ts";

const memo = `MEMORANDUM
To: All staff
From: Jane Doe <jane.doe@example.com>
Date: March 8, 2023

Acme Widgets Inc. will close its Norwich office on 2023-04-01. Relocation costs are estimated at $1,250,000 and a further EUR 40,000 for equipment. Staff should contact hr@example.com with questions about the move.`;

describe("rules extractor", () => {
  const extractor = createRulesExtractor();

  it("fills the generic schema and says it used rules", async () => {
    const out = await extractor.extract({
      text: memo,
      filename: "memo.txt",
      mediaType: "text/plain",
      schema: GENERIC_DOCUMENT_SCHEMA,
      headings: [],
    });
    expect(out.extractor).toBe("rules");
    expect(out.usage).toEqual({ inputTokens: 0, outputTokens: 0 });
    const data = out.data as Record<string, any>;
    expect(data.title).toBe("MEMORANDUM");
    expect(data.document_type).toBe("memo");
    expect(data.language).toBe("en");
    expect(data.dates.map((d: { value: string }) => d.value)).toEqual(
      expect.arrayContaining(["2023-03-08", "2023-04-01"]),
    );
    expect(data.monetary_amounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ amount: 1_250_000, currency: "USD" }),
        expect.objectContaining({ amount: 40_000, currency: "EUR" }),
      ]),
    );
    expect(data.emails).toEqual(["jane.doe@example.com", "hr@example.com"]);
    expect(data.organizations).toEqual(expect.arrayContaining([expect.stringContaining("Acme Widgets Inc")]));
    expect(data.summary).toContain("Norwich");
  });

  it("fills a custom schema's known fields and defaults, and refuses output that does not validate", async () => {
    const custom = {
      id: "invoice/v1",
      schema: {
        type: "object",
        required: ["title", "approved"],
        properties: { title: { type: "string" }, approved: { type: "boolean", default: false } },
        additionalProperties: false,
      },
    };
    const ok = await extractor.extract({
      text: memo,
      filename: "m.txt",
      mediaType: "text/plain",
      schema: custom,
      headings: ["Invoice 42"],
    });
    expect(ok.data).toEqual({ title: "Invoice 42", approved: false });

    const impossible = {
      id: "impossible/v1",
      schema: { type: "object", required: ["total"], properties: { total: { type: "number" } } },
    };
    const failure = await extractor
      .extract({ text: memo, filename: "m.txt", mediaType: "text/plain", schema: impossible, headings: [] })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DocworkerError);
    expect((failure as DocworkerError).code).toBe("EXTRACTION_INVALID");
  });

  it("computes only the generic fields a schema asks for", () => {
    const request = { text: memo, filename: "memo.txt", mediaType: "text/plain", headings: [] };
    expect(fillGenericFields({ ...request, schema: GENERIC_DOCUMENT_SCHEMA }, ["title", "emails"])).toEqual({
      title: "MEMORANDUM",
      emails: ["jane.doe@example.com", "hr@example.com"],
    });
    const all = fillGenericFields({ ...request, schema: GENERIC_DOCUMENT_SCHEMA }, [
      "language",
      "summary",
      "key_points",
    ]);
    expect(all.language).toBe("en");
    expect(all.summary).toContain("Norwich");
    expect(all.key_points).toEqual(expect.arrayContaining([expect.stringContaining("Norwich")]));
  });

  it("reports the language of a document from a sample of its text", () => {
    const paragraphs: Record<string, string> = {
      de: "Die Stadtverwaltung hat beschlossen, die Bibliothek im Zentrum zu erweitern. Die Arbeiten beginnen im Frühjahr und sollen bis zum Ende des nächsten Jahres abgeschlossen sein. Während der Bauzeit bleibt der Lesesaal geöffnet, nur der Eingang wird auf die Rückseite des Gebäudes verlegt. Die Kosten werden zum größten Teil vom Land getragen, den Rest übernimmt die Stadt aus ihrem Haushalt.",
      fr: "La municipalité a décidé d'agrandir la bibliothèque du centre-ville. Les travaux commenceront au printemps et devraient être terminés avant la fin de l'année prochaine. Pendant le chantier, la salle de lecture reste ouverte, seule l'entrée est déplacée à l'arrière du bâtiment. La région prend en charge la plus grande partie des coûts, la ville paie le reste sur son budget.",
      es: "El ayuntamiento ha decidido ampliar la biblioteca del centro de la ciudad. Las obras empezarán en primavera y deberían terminar antes del final del año que viene. Durante las obras la sala de lectura sigue abierta, solo la entrada se traslada a la parte trasera del edificio. La región paga la mayor parte de los costes y la ciudad cubre el resto con su presupuesto.",
    };
    for (const [language, paragraph] of Object.entries(paragraphs)) {
      // Long enough that only the head of the text is sampled.
      const text = `${paragraph}\n\n${paragraph}\n\n${paragraph}`;
      const request = { text, filename: "note.txt", mediaType: "text/plain", headings: [] };
      expect(fillGenericFields({ ...request, schema: GENERIC_DOCUMENT_SCHEMA }, ["language"]).language).toBe(language);
    }
  });
});
