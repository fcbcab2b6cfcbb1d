import type { Embedder, EmbeddingBatch } from "@docworker/core";
import { createHashingEmbedder } from "@docworker/local-models";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, openHarness } from "../support/pipeline-harness.ts";

/** A real embedder that keeps every text it was asked to embed as a document. */
class RecordingEmbedder implements Embedder {
  readonly inner = createHashingEmbedder({ dimension: 256 });
  readonly model = this.inner.model;
  readonly dimension = this.inner.dimension;
  readonly kind = this.inner.kind;
  readonly texts: string[] = [];
  embedDocuments(texts: string[]): Promise<EmbeddingBatch> {
    this.texts.push(...texts);
    return this.inner.embedDocuments(texts);
  }
  embedQuery(text: string) {
    return this.inner.embedQuery(text);
  }
}

const paragraph = (n: number) =>
  `Line ${n}: consulting services rendered in the period, billed per hour at the agreed rate, ` +
  `as set out in the statement of work signed by both parties before the work began.`;
const INVOICE = [
  "INVOICE",
  "Invoice number: INV-2026-0042",
  "Invoice date: 2026-11-02   Due date: 2026-12-02",
  "Bill to: Northwind Traders, 12 Harbour Road, Leith",
  ...Array.from({ length: 24 }, (_, i) => paragraph(i + 1)),
  "Subtotal: 1,200.00 EUR   VAT: 240.00 EUR   Amount due: 1,440.00 EUR",
].join("\n\n");

describe("classifying from the chunks' vectors", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("embeds each chunk once and no text of its own for the class, and still finds the class", async () => {
    const embedder = new RecordingEmbedder();
    h = await openHarness({ embedder });
    const key = "tenants/acme/documents/doc_0123456789abcdef71/invoice.txt";
    const { etag } = await h.putRaw(key, INVOICE);
    expect(await h.deliver(h.createdMessage(key, etag, h.nextSequencer()))).toEqual({ action: "ack" });

    const record = await h.deps.metadata.get({ tenantId: "acme", documentId: "doc_0123456789abcdef71" });
    expect(record?.status).toBe("PROCESSED");
    expect(record?.class).toBe("invoice");
    expect(record?.classification?.method).toBe("local");
    const chunkCount = record?.chunkCount ?? 0;
    expect(chunkCount).toBeGreaterThan(1);
    // Besides the chunks, only the classes' descriptions (once per process) are embedded.
    const profiles = new Set(
      h.deps.classes?.classes.map((c) => [c.description, ...c.examples].join("\n")) ??
        (await import("@docworker/core")).ClassCatalog.builtIn().classes.map((c) =>
          [c.description, ...c.examples].join("\n"),
        ),
    );
    const documentTexts = embedder.texts.filter((text) => !profiles.has(text));
    expect(documentTexts).toHaveLength(chunkCount);
    expect(documentTexts.some((text) => text === INVOICE.slice(0, 4000))).toBe(false);
  });
});
