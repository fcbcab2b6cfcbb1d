import { ClassCatalog, type DocumentClass, RECEIPT_SCHEMA, requestReprocess, startReprocessJob } from "@docworker/core";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, openHarness } from "../support/pipeline-harness.ts";

const TENANT = "acme";
const RECEIPT =
  "MAJU MART SDN BHD\nNO. 3, JALAN API,\n81100 JOHOR BAHRU\nDATE: 02/03/2019\nTOTAL: 8.50\nCASH 10.00\nCHANGE 1.50";
const CONTRACT =
  "SERVICES AGREEMENT\nThis Agreement is entered into by and between Acme LLC and Initech Ltd, effective as of 2025-01-01. The term of this Agreement is one (1) year. This Agreement shall be governed by the laws of the State of Ohio. WHEREAS the parties agree.";

const key = (n: number) => `tenants/${TENANT}/documents/doc_0123456789abcdef${String(n).padStart(2, "0")}/doc-${n}.txt`;
const docKey = (n: number) => ({ tenantId: TENANT, documentId: `doc_0123456789abcdef${String(n).padStart(2, "0")}` });

/** The built-in classes, with the receipt's schema changed to another version (more fields). */
function receiptV2(id = "receipt/v2", extra: Record<string, unknown> = { cashier: { type: "string" } }): ClassCatalog {
  const schema = RECEIPT_SCHEMA.schema as { properties: Record<string, unknown>; required: string[] };
  const v2: DocumentClass["schema"] = {
    id,
    schema: {
      ...RECEIPT_SCHEMA.schema,
      properties: { ...schema.properties, ...extra },
      required: [...schema.required, ...Object.keys(extra).filter((name) => name !== "cashier")],
    },
  };
  return new ClassCatalog(ClassCatalog.builtIn().classes.map((c) => (c.name === "receipt" ? { ...c, schema: v2 } : c)));
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("reprocessing through the queue", () => {
  let h: Harness;
  afterEach(() => h.close());

  /** Through the real path: the put's own event on the embedded queue, consumed by the pipeline. */
  async function ingest(n: number, text: string) {
    await h.putRaw(key(n), text);
    return waitFor(`doc ${n}`, async () => {
      const record = await h.deps.metadata.get(docKey(n));
      return record?.status === "PROCESSED" || record?.status === "FAILED" ? record : undefined;
    });
  }

  it("extracts one document again under the changed schema, its recorded version, from attempt 1", async () => {
    h = await openHarness({ env: { REPROCESS_RATE_PER_SECOND: "100" } });
    h.startConsuming();
    const before = await ingest(1, RECEIPT);
    expect(before).toMatchObject({ status: "PROCESSED", class: "receipt", extraction: { schemaId: "receipt/v1" } });
    h.deps.classes = receiptV2();
    await requestReprocess({ ...h.deps, queue: h.adapters.queue, jobs: h.adapters.jobs }, docKey(1));
    const after = await waitFor("the reprocessed record", async () => {
      const record = await h.deps.metadata.get(docKey(1));
      return record?.extraction?.schemaId === "receipt/v2" && record.status === "PROCESSED" ? record : undefined;
    });
    expect(after).toMatchObject({ version: before?.version, attempts: 1, class: "receipt" });
    expect(after.extraction?.data).toMatchObject({ total: "8.50", date: "02/03/2019" });
    expect(Object.keys(after.extraction?.fields ?? {})).toContain("cashier");
  });

  it("a job takes only the documents its filter names, page by page at the configured rate, and counts them", async () => {
    h = await openHarness({ env: { REPROCESS_RATE_PER_SECOND: "1", REPROCESS_PAGE_SIZE: "2" } });
    // What the job sends, and with which delay: the rate is kept by delaying messages on the queue.
    const sent: { kind: string; delay: number }[] = [];
    const send = h.adapters.queue.send.bind(h.adapters.queue);
    h.adapters.queue.send = (body: string, options?: { delaySeconds?: number }) => {
      const kind = (JSON.parse(body) as { "detail-type"?: string })["detail-type"] ?? "S3";
      if (kind.startsWith("Reprocess")) sent.push({ kind, delay: options?.delaySeconds ?? 0 });
      return send(body, options);
    };
    h.startConsuming();
    await ingest(1, RECEIPT);
    await ingest(2, RECEIPT.replace("8.50", "9.10"));
    await ingest(3, CONTRACT);
    await ingest(4, RECEIPT.replace("8.50", "4.20"));
    const contract = await h.deps.metadata.get(docKey(3));
    expect(contract?.class).toBe("contract");
    h.deps.classes = receiptV2();
    const started = await startReprocessJob({ ...h.deps, queue: h.adapters.queue, jobs: h.adapters.jobs }, TENANT, {
      class: "receipt",
      schemaId: "receipt/v1",
    });
    expect(started).toMatchObject({ status: "RUNNING", matched: 0 });
    const job = await waitFor("the job to finish", async () => {
      const current = await h.adapters.jobs.get(TENANT, started.jobId);
      return current?.listed && current.processed === current.matched ? current : undefined;
    });
    // Four documents over pages of two: every page was looked at, three receipts taken.
    expect(job).toMatchObject({ matched: 3, processed: 3, failed: 0, skipped: 0, listed: true });
    // One document a second: page 1 takes doc 4 now and looks again in a second; page 2 sends docs 2 and 1 a second apart.
    expect(sent.filter((m) => m.kind === "Reprocess Document").map((m) => m.delay)).toEqual([0, 0, 1]);
    expect(sent.filter((m) => m.kind === "Reprocess Page").map((m) => m.delay)).toEqual([0, 1]);
    for (const n of [1, 2, 4]) expect((await h.deps.metadata.get(docKey(n)))?.extraction?.schemaId).toBe("receipt/v2");
    // The contract was not touched.
    expect(await h.deps.metadata.get(docKey(3))).toEqual(contract);
  });

  it("reprocesses the FAILED documents after the configuration is fixed", async () => {
    h = await openHarness({ env: { REPROCESS_RATE_PER_SECOND: "100" } });
    h.startConsuming();
    // A schema the rules cannot fill: a required field they know nothing about.
    h.deps.classes = receiptV2("receipt/v2-broken", { loyalty_number: { type: "integer" } });
    const failed = await ingest(1, RECEIPT);
    expect(failed).toMatchObject({ status: "FAILED", error: { code: "EXTRACTION_INVALID" } });
    await ingest(2, CONTRACT);
    h.deps.classes = receiptV2();
    const started = await startReprocessJob({ ...h.deps, queue: h.adapters.queue, jobs: h.adapters.jobs }, TENANT, {
      status: "FAILED",
    });
    const job = await waitFor("the job to finish", async () => {
      const current = await h.adapters.jobs.get(TENANT, started.jobId);
      return current?.listed && current.processed + current.failed === current.matched ? current : undefined;
    });
    expect(job).toMatchObject({ matched: 1, processed: 1, failed: 0 });
    const fixed = await h.deps.metadata.get(docKey(1));
    expect(fixed).toMatchObject({ status: "PROCESSED", attempts: 1, extraction: { schemaId: "receipt/v2" } });
    expect(fixed?.error).toBeUndefined();
  });

  it("answers nothing for an unknown document and refuses a deleted one", async () => {
    h = await openHarness({ env: { REPROCESS_RATE_PER_SECOND: "100" } });
    h.startConsuming();
    const deps = { ...h.deps, queue: h.adapters.queue, jobs: h.adapters.jobs };
    expect(await requestReprocess(deps, docKey(9))).toBeUndefined();
    await ingest(1, RECEIPT);
    await h.adapters.blobs.delete({ bucket: h.config.rawBucket, key: key(1) });
    await waitFor("the delete", async () =>
      (await h.deps.metadata.get(docKey(1)))?.status === "DELETED" ? true : undefined,
    );
    await expect(requestReprocess(deps, docKey(1))).rejects.toThrow(/DELETED/);
  });
});
