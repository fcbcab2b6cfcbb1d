import { readFileSync } from "node:fs";
import {
  AnalyzeDocumentCommand,
  DetectDocumentTextCommand,
  GetDocumentTextDetectionCommand,
  ProvisionedThroughputExceededException,
  TextractClient,
  UnsupportedDocumentException,
} from "@aws-sdk/client-textract";
import { createTesseractRecognizer } from "@docworker/tesseract-recognizer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTextractStandIn, type TextractStandIn } from "../src/index.ts";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../tesseract-recognizer/test/fixtures/${name}`, import.meta.url)));
const recognizer = createTesseractRecognizer({ languages: ["eng"], workers: 1 });
let standIn: TextractStandIn;
let client: TextractClient;

beforeAll(async () => {
  standIn = await startTextractStandIn({ recognizer });
  client = new TextractClient({
    endpoint: standIn.url,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await standIn.stop();
  await recognizer.close();
});
beforeEach(() => standIn.faults.clear());

describe("Textract stand-in, through the SDK's Textract client", { timeout: 60_000 }, () => {
  it("answers DetectDocumentText with PAGE, LINE and WORD blocks linked as Textract links them", async () => {
    const response = await client.send(
      new DetectDocumentTextCommand({ Document: { Bytes: fixture("scanned-invoice.png") } }),
    );
    expect(response.DocumentMetadata?.Pages).toBe(1);
    const blocks = response.Blocks ?? [];
    const lines = blocks.filter((block) => block.BlockType === "LINE");
    expect(lines.map((line) => line.Text)).toContain("Forklift rental for March: 1,250.00 EUR");
    const [page] = blocks.filter((block) => block.BlockType === "PAGE");
    expect(page?.Relationships?.[0]?.Ids).toEqual(lines.map((line) => line.Id));
    const first = lines[0];
    const words = blocks.filter((block) => first?.Relationships?.[0]?.Ids?.includes(block.Id ?? ""));
    expect(words.map((word) => word.Text).join(" ")).toBe(first?.Text);
    expect(words.every((word) => word.BlockType === "WORD" && word.TextType === "PRINTED")).toBe(true);
    expect(first?.Confidence).toBeGreaterThan(80);
    expect(first?.Geometry?.BoundingBox?.Width).toBeGreaterThan(0);
    expect(first?.Geometry?.Polygon).toHaveLength(4);
    expect(first?.Page).toBeUndefined();
  });

  it("answers AnalyzeDocument, which needs FeatureTypes", async () => {
    const response = await client.send(
      new AnalyzeDocumentCommand({ Document: { Bytes: fixture("scanned-invoice.jpg") }, FeatureTypes: ["TABLES"] }),
    );
    expect(response.Blocks?.some((block) => block.Text === "INVOICE 4471")).toBe(true);
  });

  it("answers AnalyzeDocument with TABLES with a TABLE of CELLs holding the WORDs of each column", async () => {
    const response = await client.send(
      new AnalyzeDocumentCommand({ Document: { Bytes: fixture("scanned-table.png") }, FeatureTypes: ["TABLES"] }),
    );
    const blocks = response.Blocks ?? [];
    const byId = new Map(blocks.map((block) => [block.Id, block]));
    const tables = blocks.filter((block) => block.BlockType === "TABLE");
    expect(tables).toHaveLength(1);
    const [page] = blocks.filter((block) => block.BlockType === "PAGE");
    expect(page?.Relationships?.[0]?.Ids).toContain(tables[0]?.Id);
    const cells = (tables[0]?.Relationships?.[0]?.Ids ?? []).map((id) => byId.get(id));
    expect(cells.every((cell) => cell?.BlockType === "CELL")).toBe(true);
    const text = (row: number, column: number) => {
      const cell = cells.find((candidate) => candidate?.RowIndex === row && candidate?.ColumnIndex === column);
      return (cell?.Relationships?.[0]?.Ids ?? []).map((id) => byId.get(id)?.Text).join(" ");
    };
    expect(Math.max(...cells.map((cell) => cell?.RowIndex ?? 0))).toBe(4);
    expect(Math.max(...cells.map((cell) => cell?.ColumnIndex ?? 0))).toBe(3);
    expect([text(1, 1), text(1, 2), text(1, 3)]).toEqual(["Item", "Quantity", "Amount"]);
    expect([text(3, 1), text(3, 2), text(3, 3)]).toEqual(["Forklift battery", "1", "1,420.00"]);
    // The lines outside the table stay lines only; DetectDocumentText gives no tables at all.
    expect(blocks.some((block) => block.BlockType === "LINE" && block.Text === "Parts delivered in March")).toBe(true);
    const detected = await client.send(
      new DetectDocumentTextCommand({ Document: { Bytes: fixture("scanned-table.png") } }),
    );
    expect(detected.Blocks?.some((block) => block.BlockType === "TABLE")).toBe(false);
  });

  it("refuses a multi-page document in a synchronous call, as Textract does", async () => {
    const call = client.send(new DetectDocumentTextCommand({ Document: { Bytes: fixture("fax-two-pages.tif") } }));
    await expect(call).rejects.toBeInstanceOf(UnsupportedDocumentException);
    const text = client.send(
      new DetectDocumentTextCommand({ Document: { Bytes: new TextEncoder().encode("plain words") } }),
    );
    await expect(text).rejects.toBeInstanceOf(UnsupportedDocumentException);
  });

  it("throttles on request, with the exception Textract throttles with", async () => {
    standIn.faults.set({ throttleNext: 1 });
    const call = client.send(new DetectDocumentTextCommand({ Document: { Bytes: fixture("scanned-invoice.png") } }));
    await expect(call).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(standIn.faults.snapshot().throttleNext).toBe(0);
  });

  it("answers an unknown job id with InvalidJobIdException", async () => {
    await expect(client.send(new GetDocumentTextDetectionCommand({ JobId: "nope" }))).rejects.toMatchObject({
      name: "InvalidJobIdException",
    });
  });
});
