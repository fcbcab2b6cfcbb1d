import { DocworkerError, loadCoreConfig, type PreparedDocument } from "@docworker/core";
import { afterEach, describe, expect, it } from "vitest";
import { createDocumentPreparer, type DocumentPreparerPool, type ParsePoolConfig } from "../src/index.ts";

// Real child processes for whatever goes to the pool: the first one costs a process start.
const POOL = { timeout: 60_000 };
/** IN_PROCESS_TEXT_MAX_BYTES's default (the runtime reads the setting). */
const CAP = 256 * 1024;
const core = loadCoreConfig({});
const open: DocumentPreparerPool[] = [];

function preparer(config: Partial<ParsePoolConfig> = {}): DocumentPreparerPool {
  const created = createDocumentPreparer({
    workers: 1,
    heapMb: 256,
    timeoutSeconds: 300,
    ocrPageTimeoutSeconds: 120,
    inProcessTextMaxBytes: CAP,
    ...config,
  });
  open.push(created);
  return created;
}

function prepare(on: DocumentPreparerPool, filename: string, bytes: Uint8Array, declaredContentType?: string) {
  return on.prepare({
    bytes,
    filename,
    limits: core.limits,
    documentId: "doc_0123456789abcdef0123456789",
    chunking: core.chunking,
    lowConfidence: core.recognition.lowConfidence,
    ...(declaredContentType ? { declaredContentType } : {}),
  });
}

async function failure(work: Promise<PreparedDocument>): Promise<DocworkerError> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DocworkerError);
  return error as DocworkerError;
}

/** Sentences of words, `bytes` long exactly, on one line when `lineBreaks` is false. */
function prose(bytes: number, lineBreaks = true): Uint8Array {
  const sentence = "The harbour board approved the budget for the new pier on Tuesday. ";
  let text = "";
  for (let i = 0; text.length < bytes; i++) text += lineBreaks && i % 8 === 7 ? `${sentence}\n\n` : sentence;
  return new TextEncoder().encode(text.slice(0, bytes));
}

const chunkText = (prepared: PreparedDocument) => (prepared.chunks ?? []).map((chunk) => chunk.text).join("\n");

afterEach(async () => {
  await Promise.all(open.splice(0).map((created) => created.close()));
});

describe("small plain text is prepared in this process, the rest in the parse pool", POOL, () => {
  it("prepares a short text in this process without starting a parse worker", async () => {
    const on = preparer();
    const prepared = await prepare(on, "minutes.txt", new TextEncoder().encode("The board met on Tuesday."));
    expect(prepared.parsed.format).toBe("text");
    expect(chunkText(prepared)).toContain("The board met on Tuesday.");
    expect(on.preparedInProcess).toBe(1);
    expect(on.processCount).toBe(0);
  });

  it("prepares a file of exactly the cap in this process, and one byte more in the pool", async () => {
    const under = preparer();
    const atCap = await prepare(under, "at-cap.txt", prose(CAP));
    expect(atCap.chunks?.length).toBeGreaterThan(1);
    expect([under.preparedInProcess, under.processCount]).toEqual([1, 0]);

    const over = preparer();
    const overCap = await prepare(over, "over-cap.txt", prose(CAP + 1));
    expect(over.preparedInProcess).toBe(0);
    expect(over.processCount).toBe(1);
    // Either way the same reading: the two paths run the same code on the same bytes.
    expect(overCap.chunks?.length).toBe(atCap.chunks?.length);
  });

  it("follows its in-process cap (IN_PROCESS_TEXT_MAX_BYTES), and sends everything to the pool at 0", async () => {
    const small = preparer({ inProcessTextMaxBytes: 1024 });
    await prepare(small, "one-kib.txt", prose(1024));
    await prepare(small, "two-kib.txt", prose(2048));
    expect(small.preparedInProcess).toBe(1);
    expect(small.processCount).toBe(1);

    const off = preparer({ inProcessTextMaxBytes: 0 });
    await prepare(off, "short.txt", prose(100));
    expect(off.preparedInProcess).toBe(0);
  });

  it("gives the same chunks in this process as the parse pool does", async () => {
    const bytes = prose(20_000);
    const inProcess = await prepare(preparer(), "same.txt", bytes);
    const pooled = await prepare(preparer({ inProcessTextMaxBytes: 0 }), "same.txt", bytes);
    expect(inProcess.chunks).toEqual(pooled.chunks);
    expect(inProcess.parsed).toEqual(pooled.parsed);
  });

  it("reads text, code, JSON and NDJSON here; Markdown, CSV and HTML, which a library parses, in the pool", async () => {
    const inProcess = preparer();
    const encode = (text: string) => new TextEncoder().encode(text);
    await prepare(inProcess, "notes.txt", encode("Plain notes about the pier."));
    await prepare(inProcess, "pier.py", encode("def pier():\n    return 'harbour'\n"));
    await prepare(inProcess, "pier.json", encode('{"pier": {"length": 120, "town": "Harbourside"}}'));
    await prepare(inProcess, "piers.ndjson", encode('{"pier": "north"}\n{"pier": "south"}\n'));
    expect([inProcess.preparedInProcess, inProcess.processCount]).toEqual([4, 0]);

    const pooled = preparer();
    await prepare(pooled, "notes.md", encode("# Pier\n\nThe pier is long."));
    await prepare(pooled, "piers.csv", encode("pier,length\nnorth,120\nsouth,80\n"));
    await prepare(pooled, "pier.html", encode("<html><body><p>The pier is long.</p></body></html>"));
    expect(pooled.preparedInProcess).toBe(0);
    expect(pooled.processCount).toBe(1);
  });
});

describe("hostile plain text ends in this process with a result or a reason code", POOL, () => {
  it("chunks one line of 256 KiB, and one word of 256 KiB, in this process", async () => {
    const on = preparer();
    const line = await prepare(on, "one-line.txt", prose(CAP, false));
    expect(line.chunks?.length).toBeGreaterThan(1);
    const word = await prepare(on, "one-word.txt", new TextEncoder().encode("x".repeat(CAP)));
    expect(word.chunks?.length).toBeGreaterThan(1);
    expect([on.preparedInProcess, on.processCount]).toEqual([2, 0]);
  });

  it("sends a .txt with NUL bytes at its start to the pool, which refuses it as not a document", async () => {
    const on = preparer();
    const bytes = new Uint8Array(4096);
    bytes.set(new TextEncoder().encode("notes"), 100);
    const error = await failure(prepare(on, "notes.txt", bytes, "text/plain"));
    expect(error.code).toBe("UNSUPPORTED_TYPE");
    expect([on.preparedInProcess, on.processCount]).toEqual([0, 1]);
  });

  it("reads NULs past the sniffed start of a text as spaces", async () => {
    const on = preparer();
    const bytes = prose(200_000);
    for (let i = 100_000; i < 100_100; i++) bytes[i] = 0;
    const prepared = await prepare(on, "late-nuls.txt", bytes);
    expect(on.preparedInProcess).toBe(1);
    expect(chunkText(prepared)).not.toContain("\u0000");
  });

  it("reads invalid UTF-8 as a single-byte encoding instead of failing", async () => {
    const on = preparer();
    const invalid = [0x63, 0x61, 0x66, 0xe9, 0x20, 0xc3, 0x28, 0x20, 0x80, 0x81, 0x20, 0xff, 0x20];
    const bytes = Uint8Array.from({ length: 20 * invalid.length }, (_, i) => invalid[i % invalid.length] ?? 0x20);
    const prepared = await prepare(on, "latin.txt", bytes);
    expect(on.preparedInProcess).toBe(1);
    expect(chunkText(prepared)).toContain("café");
  });

  it("ends JSON nested past MAX_JSON_DEPTH as TOO_LARGE and broken JSON as CORRUPT, in this process", async () => {
    const on = preparer();
    const deep = await failure(
      prepare(on, "deep.json", new TextEncoder().encode(`${"[".repeat(100_000)}${"]".repeat(100_000)}`)),
    );
    expect(deep).toMatchObject({ code: "TOO_LARGE", retryable: false });
    expect(deep.message).toContain("MAX_JSON_DEPTH");
    const broken = await failure(prepare(on, "broken.json", new TextEncoder().encode('{"pier": ')));
    expect(broken).toMatchObject({ code: "CORRUPT", retryable: false });
    const blank = await failure(prepare(on, "blank.txt", new TextEncoder().encode(" \n\t\n ")));
    expect(blank.code).toBe("EMPTY");
    expect([on.preparedInProcess, on.processCount]).toEqual([3, 0]);
  });

  it("sends a file named and declared as text whose body is a PDF or a PNG to the pool", async () => {
    const on = preparer();
    const pdf = new TextEncoder().encode("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\nnot really a pdf\n");
    expect((await failure(prepare(on, "report.txt", pdf, "text/plain"))).code).toBe("CORRUPT");
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(64)]);
    await failure(prepare(on, "photo.txt", png, "text/plain"));
    expect(on.preparedInProcess).toBe(0);
    expect(on.processCount).toBe(1);
  });
});
