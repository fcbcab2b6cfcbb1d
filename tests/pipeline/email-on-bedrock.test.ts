import { BedrockConverseExtractor, createBedrockRuntimeClient } from "@docworker/aws";
import { type BedrockStandIn, startBedrockStandIn } from "@docworker/bedrock-stand-in";
import { type DocumentRecord, loadClassCatalog, loadCoreConfig, understandDocument } from "@docworker/core";
import { createDocumentParser } from "@docworker/parsing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MAIL = [
  "From: Ada Lovelace <ada@example.com>",
  "To: Bob <bob@example.com>, Carol <carol@example.com>",
  "Subject: Quarterly numbers for the board",
  "Date: Tue, 3 Mar 2026 09:15:00 +0000",
  "MIME-Version: 1.0",
  "Content-Type: text/plain; charset=utf-8",
  "",
  "Hello both, the figures are attached. Ada",
].join("\r\n");

let standIn: BedrockStandIn;
beforeAll(async () => {
  standIn = await startBedrockStandIn({ port: 0, host: "127.0.0.1" });
});
afterAll(() => standIn?.stop());

describe("an e-mail on the Bedrock path", () => {
  it("reaches the model with its subject labelled, so the e-mail schema's subject is filled", async () => {
    const parsed = await createDocumentParser().parse({
      bytes: new TextEncoder().encode(MAIL),
      filename: "board.eml",
      limits: loadCoreConfig({}).limits,
    });
    const extractor = new BedrockConverseExtractor({
      client: createBedrockRuntimeClient({
        region: "us-east-1",
        endpoint: standIn.url,
        credentials: { accessKeyId: "AKIATESTTESTTESTTEST", secretAccessKey: "test-secret-key" },
        maxAttempts: 1,
      }),
      modelId: "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
      maxInputChars: 120_000,
    });
    const classes = await loadClassCatalog(undefined);
    const record = { filename: "board.eml", class: "email", classification: { method: "given" } } as DocumentRecord;
    const understood = await understandDocument(
      {
        classes,
        extractor,
        extractionSchema: classes.get("generic").schema,
        classifier: undefined as never,
        embedder: undefined as never,
      },
      record,
      parsed,
    );
    expect(understood.extraction.extractor).toBe("bedrock");
    expect(understood.extraction.data).toMatchObject({
      from: '"Ada Lovelace" <ada@example.com>',
      subject: "Quarterly numbers for the board",
    });
    expect(understood.extraction.fields?.subject).toMatchObject({
      match: "exact",
      evidence: [{ page: 1, text: "Quarterly numbers for the board" }],
    });
  });
});
