import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useStandalone } from "../support/standalone-client.ts";

// The embedded default end to end: upload → OCR (Tesseract) → classify → extract against the
// class's schema → every field with a confidence and the place its value was found.
const receipt = readFileSync(new URL("../fixtures/receipt.png", import.meta.url));

const server = useStandalone("docworker-understanding-");
const { api, upload, settled } = server;

describe("document understanding on the embedded default", { timeout: 120_000 }, () => {
  it("classifies a receipt image as a receipt and fills its four fields, each with confidence and evidence", async () => {
    // Recognition takes most of a minute on a loaded machine.
    const record = await settled(await upload("till-slip.png", receipt, "image/png"), { timeoutMs: 100_000 });
    expect(record.status).toBe("PROCESSED");
    expect(record.class).toBe("receipt");
    expect(record.classConfidence).toBeGreaterThan(0.5);
    expect(record.classification.method).toBe("local");
    expect(record.extraction.schemaId).toBe("receipt/v1");
    expect(record.extraction.extractor).toBe("rules");
    expect(record.embedder).toMatch(/hashing/);
    const { data, fields } = record.extraction;
    expect(data.company).toMatch(/KEDAI RUNCIT MAJU JAYA SDN BHD/);
    expect(data.date).toBe("14/03/2019");
    expect(data.address).toMatch(/JALAN BUNGA RAYA.*81100 JOHOR BAHRU/);
    expect(data.total).toBe("12.90");
    for (const name of ["company", "date", "address", "total"]) {
      expect(fields[name].confidence, name).toBeGreaterThan(0.3);
      expect(fields[name].evidence[0].page, name).toBe(1);
      expect(["exact", "normalised", "fuzzy"], name).toContain(fields[name].match);
    }
    // The evidence is the text at that place in the page, not the extractor's say-so.
    expect(fields.total.evidence[0].text).toBe("12.90");
    expect(fields.date.evidence[0].text).toBe("14/03/2019");
  });

  it("skips classification for a class named at upload, and refuses a class nobody configured", async () => {
    const text = new TextEncoder().encode("Minutes of the garden committee. TOTAL: 3.00 paid in CASH.");
    const record = await settled(await upload("minutes.txt", text, "text/plain", { class: "generic" }));
    expect(record).toMatchObject({ status: "PROCESSED", class: "generic", classConfidence: 1 });
    expect(record.classification.method).toBe("given");
    expect(record.extraction.schemaId).toBe("generic-document/v1");

    const refused = await api<{ code: string; detail: string }>("/documents", {
      method: "POST",
      body: JSON.stringify({ filename: "x.txt", class: "horoscope" }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe("UNKNOWN_CLASS");
    expect(refused.body.detail).toMatch(/receipt/);
  });

  it("lists the classes with their schemas", async () => {
    const { status, body } = await api<{ items: { name: string; schemaId: string }[] }>("/classes");
    expect(status).toBe(200);
    expect(body.items.map((c) => c.name)).toEqual(["generic", "receipt", "invoice", "contract", "email"]);
    expect(body.items.find((c) => c.name === "receipt")?.schemaId).toBe("receipt/v1");
  });

  it("classifies a contract and an invoice by their text", async () => {
    const contract = new TextEncoder().encode(
      'SERVICES AGREEMENT\n\nThis Services Agreement is entered into by and between Northwind Traders LLC ("Client") and Contoso Ltd ("Provider"), effective as of 2025-02-01.\n\nThe term of this Agreement is two (2) years. This Agreement shall be governed by the laws of the State of New York.',
    );
    const invoice = new TextEncoder().encode(
      "Fabrikam Inc.\nINVOICE\nInvoice number: INV-2041\nInvoice date: 2025-03-04\nDue date: 2025-04-03\nBill to: Northwind Traders LLC\nConsulting, 10 hours  USD 1,500.00\nTotal due: USD 1,500.00\nPayment terms: net 30",
    );
    const [c, i] = await Promise.all([
      upload("agreement.txt", contract, "text/plain").then((id) => settled(id)),
      upload("bill.txt", invoice, "text/plain").then((id) => settled(id)),
    ]);
    expect(c.class).toBe("contract");
    expect(c.extraction.data).toMatchObject({
      parties: ["Northwind Traders LLC", "Contoso Ltd"],
      effective_date: "2025-02-01",
      governing_law: "the State of New York",
    });
    expect(c.extraction.fields.parties.match).toBe("exact");
    expect(i.class).toBe("invoice");
    expect(i.extraction.data).toMatchObject({ invoice_number: "INV-2041", total: 1500, currency: "USD" });
    expect(i.extraction.fields.total).toMatchObject({ match: "normalised" });
  });

  it("reprocesses one document, and every receipt as a job the CLI follows with progress", async () => {
    const receiptId = await upload("till-2.png", receipt, "image/png");
    const noteId = await upload(
      "note.txt",
      new TextEncoder().encode("A short note about the garden party."),
      "text/plain",
    );
    const [before, note] = await Promise.all([settled(receiptId), settled(noteId)]);
    expect(before.class).toBe("receipt");

    const one = await api<{ documentId: string; status: string }>(`/documents/${noteId}/reprocess`, { method: "POST" });
    expect(one).toEqual({ status: 202, body: { documentId: noteId, status: "PROCESSED" } });
    await waitUntil(async () => (await api<any>(`/documents/${noteId}`)).body.processedAt > note.processedAt);

    // The CLI as a user runs it: a job over the receipts, progress on stderr, a summary on stdout.
    const cli = join(import.meta.dirname, "../../packages/cli/src/main.ts");
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [cli, "--api", server.url, "reprocess", "--class", "receipt", "--poll-interval", "100ms"],
      { env: { ...process.env, NO_COLOR: "1" } },
    );
    const receipts = (await api<{ items: { class?: string }[] }>("/documents?limit=100")).body.items.filter(
      (d) => d.class === "receipt",
    ).length;
    expect(stderr).toMatch(/^reprocess \[[#-]{24}\] /m);
    expect(stderr).toContain(`reprocess [${"#".repeat(24)}] ${receipts}/${receipts} processed ${receipts} failed 0`);
    expect(stdout).toMatch(new RegExp(`^job_[a-f0-9]{20} done: ${receipts} matched, ${receipts} processed, 0 failed`));
    const after = (await api<any>(`/documents/${receiptId}`)).body;
    expect(after.processedAt > before.processedAt).toBe(true);
    expect(after.attempts).toBe(1);
    // The note is not a receipt: the job left it alone.
    const noteNow = (await api<any>(`/documents/${noteId}`)).body;
    expect(noteNow.class).not.toBe("receipt");
  });

  it("answers 409 for a document still waiting for its upload, 404 for unknown ones and jobs", async () => {
    const created = await api<{ documentId: string }>("/documents", {
      method: "POST",
      body: JSON.stringify({ filename: "later.txt" }),
    });
    const pending = await api<{ code: string }>(`/documents/${created.body.documentId}/reprocess`, { method: "POST" });
    expect(pending.status).toBe(409);
    expect(pending.body.code).toBe("NOT_REPROCESSABLE");
    expect((await api(`/documents/doc_0000000000000000/reprocess`, { method: "POST" })).status).toBe(404);
    expect((await api("/jobs/job_00000000000000000000")).status).toBe(404);
    const bad = await api("/reprocess", { method: "POST", body: JSON.stringify({ filter: { status: "PENDING" } }) });
    expect(bad.status).toBe(400);
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
