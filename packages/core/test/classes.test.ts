import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { headVector } from "../src/classification/head-vector.ts";
import {
  ClassCatalog,
  createLocalClassifier,
  type Embedder,
  loadClassCatalog,
  normaliseAmount,
  normaliseDate,
} from "../src/index.ts";

const catalog = ClassCatalog.builtIn();
const classify = (text: string, mediaType = "text/plain") =>
  createLocalClassifier().classify({
    text,
    filename: "doc",
    mediaType,
    classes: catalog.classes,
  });

describe("the built-in classes", () => {
  it("are generic, receipt, invoice, contract and email, each with a versioned schema", () => {
    expect(catalog.names).toEqual(["generic", "receipt", "invoice", "contract", "email"]);
    expect(catalog.get("receipt").schema.schema.required).toEqual(["company", "date", "address", "total"]);
    expect(catalog.get("receipt").schema.id).toBe("receipt/v1");
    expect(catalog.get("no-such-class").name).toBe("generic");
  });
});

describe("loading classes from a file", () => {
  const write = (body: unknown) => {
    const path = join(mkdtempSync(join(tmpdir(), "classes-")), "classes.json");
    writeFileSync(path, JSON.stringify(body));
    return path;
  };

  it("takes the file's classes, versions their schemas, and keeps a generic one", async () => {
    const loaded = await loadClassCatalog(
      write({
        classes: [
          {
            name: "payslip",
            description: "A monthly salary statement.",
            schemaVersion: "v3",
            keywords: ["gross pay", "net pay"],
            schema: { type: "object", properties: { net_pay: { type: "number" } } },
          },
        ],
      }),
    );
    expect(loaded.names).toEqual(["generic", "payslip"]);
    expect(loaded.get("payslip").schema.id).toBe("payslip/v3");
  });

  it("refuses a file that cannot work, naming the problem", async () => {
    await expect(loadClassCatalog(write({ classes: [] }))).rejects.toThrow(/at least one class/);
    await expect(
      loadClassCatalog(write({ classes: [{ name: "Bad Name", description: "x", schema: { type: "object" } }] })),
    ).rejects.toThrow(/class name/);
    await expect(
      loadClassCatalog(write({ classes: [{ name: "x", description: "x", schema: { type: "string" } }] })),
    ).rejects.toThrow(/type: "object"/);
  });
});

describe("the local classifier", () => {
  it("tells a receipt, an invoice, a contract and an e-mail apart", async () => {
    const receipt = await classify(
      "ABC HO TRADING\nCASH BILL\nCashier: ALI\nQty 2\nTOTAL: 31.00\nCASH 50.00 CHANGE 19.00\nTHANK YOU",
    );
    const invoice = await classify(
      "INVOICE\nInvoice number: 77\nBill to: Initech\nDue date: 2025-04-01\nAmount due: $300",
    );
    const contract = await classify(
      "MASTER SERVICES AGREEMENT\nThis Agreement is made between the parties. WHEREAS the Client shall pay. Governing law: Delaware. Termination on notice.",
    );
    const email = await classify(
      "From: a@example.com\nTo: b@example.com\nSubject: lunch\n\nSee you at noon.",
      "message/rfc822",
    );
    expect([receipt.class, invoice.class, contract.class, email.class]).toEqual([
      "receipt",
      "invoice",
      "contract",
      "email",
    ]);
    expect(receipt.confidence).toBeGreaterThan(0.5);
    expect(receipt.reason).toMatch(/cash/);
  });

  it("counts a keyword only as a whole phrase, whatever its case, document after document", async () => {
    const classes = [
      ...catalog.classes.filter((c) => c.name === "generic"),
      {
        ...catalog.get("generic"),
        name: "payslip",
        description: "A salary statement.",
        keywords: ["Net Pay", "P.A.Y.E"],
      },
    ];
    const classifier = createLocalClassifier({ minScore: 0.1 });
    const run = (text: string) => classifier.classify({ text, filename: "doc", mediaType: "text/plain", classes });
    // Twice each: the second document is scored with the keyword patterns the first one made.
    for (let round = 0; round < 2; round++) {
      expect((await run("NET PAY this month, after p.a.y.e: 2,000")).reason).toMatch(/Net Pay, P\.A\.Y\.E/);
      expect((await run("The internet payment terminal paye")).class).toBe("generic");
    }
  });

  it("falls back to generic, with a low confidence, for a document like no class", async () => {
    const result = await classify("The migration of arctic terns spans both poles of the planet every year.");
    expect(result.class).toBe("generic");
    expect(result.method).toBe("local");
  });
});

describe("normalisers", () => {
  it("read dates day first unless that cannot be a date, and amounts without currency", () => {
    expect(normaliseDate("12-01-19")).toBe("2019-01-12");
    expect(normaliseDate("12/28/2017")).toBe("2017-12-28");
    expect(normaliseDate("5 Mar 2018")).toBe("2018-03-05");
    expect(normaliseDate("March 3, 2024")).toBe("2024-03-03");
    expect(normaliseDate("not a date")).toBeUndefined();
    expect(normaliseAmount("RM 1,234.50")).toBe(1234.5);
    expect(normaliseAmount("9.00")).toBe(9);
    expect(normaliseAmount(12)).toBe(12);
    expect(normaliseAmount("twelve")).toBeUndefined();
  });
});

describe("the local classifier's document vector", () => {
  /** Letter counts: similar texts get similar vectors, which is all a classifier needs of one. */
  const letters: Embedder = {
    model: "letters-64",
    dimension: 64,
    kind: "lexical",
    embedDocuments: async (texts) => ({
      vectors: texts.map((text) => {
        const vector = new Float32Array(64);
        for (const ch of text.toLowerCase()) vector[ch.charCodeAt(0) % 64] = (vector[ch.charCodeAt(0) % 64] ?? 0) + 1;
        return vector;
      }),
      tokens: 0,
    }),
    embedQuery: (text) => letters.embedDocuments([text]),
  };
  const counting = () => {
    const inner = letters;
    let calls = 0;
    const embedder: Embedder = {
      model: inner.model,
      dimension: inner.dimension,
      kind: inner.kind,
      embedDocuments: (texts) => {
        calls += texts.length;
        return inner.embedDocuments(texts);
      },
      embedQuery: (text) => inner.embedQuery(text),
    };
    return { embedder, inner, calls: () => calls };
  };
  const receipt = "Tesco Stores\nCASH RECEIPT\nTOTAL 12.40\nCHANGE 0.60\nThank you for shopping";

  it("is the given one when it is in the embedder's space: the head is not embedded again", async () => {
    const { embedder, inner, calls } = counting();
    const classifier = createLocalClassifier({ embedder });
    const vector = (await inner.embedDocuments([receipt])).vectors[0];
    const request = { text: receipt, filename: "r.txt", mediaType: "text/plain", classes: catalog.classes };
    const given = await classifier.classify({
      ...request,
      textVector: { model: embedder.model, vector: async () => vector },
    });
    const profiles = calls();
    const embedded = await classifier.classify(request);
    expect(calls() - profiles).toBe(1);
    expect(given).toEqual(embedded);
  });

  it("is embedded from the head when the given one is from another space", async () => {
    const { embedder, calls } = counting();
    const classifier = createLocalClassifier({ embedder });
    const other = { model: "some-other-model", vector: async () => new Float32Array(64).fill(1) };
    const result = await classifier.classify({
      text: receipt,
      filename: "r.txt",
      mediaType: "text/plain",
      classes: catalog.classes,
      textVector: other,
    });
    expect(result.class).toBe("receipt");
    // A profile for each class but generic, and the head.
    expect(calls()).toBe(catalog.classes.length);
  });
});

describe("headVector", () => {
  const chunk = (ordinal: number, text: string, pageStart?: number) => ({
    chunkId: `c${ordinal}`,
    documentId: "d",
    ordinal,
    text,
    headingPath: [],
    tokenCount: 1,
    ...(pageStart === undefined ? {} : { pageStart, pageEnd: pageStart }),
  });
  const v = (...xs: number[]) => Float32Array.from(xs);

  it("is the mean of the chunks on the first pages and within the head's characters", () => {
    const chunks = [chunk(0, "a".repeat(1000), 1), chunk(1, "b".repeat(1000), 2), chunk(2, "c", 4)];
    expect(headVector(chunks, [v(1, 0), v(0, 1), v(9, 9)])).toEqual(v(0.5, 0.5));
    const long = [chunk(0, "a".repeat(5000)), chunk(1, "b")];
    expect(headVector(long, [v(1, 0), v(0, 1)])).toEqual(v(1, 0));
    expect(headVector([], [])).toBeUndefined();
  });
});
