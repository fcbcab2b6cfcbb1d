import type { RecordedCall } from "@docworker/bedrock-stand-in";
import {
  DocworkerError,
  type ExtractionRequest,
  type ExtractionSchema,
  ExtractionValidator,
  GENERIC_DOCUMENT_SCHEMA,
} from "@docworker/core";
import { describe, expect, it } from "vitest";
import { BedrockConverseExtractor, type BedrockConverseExtractorOptions } from "../../src/index.ts";
import { testClient, useStandIn } from "./stand-in-fixture.ts";

const MODEL = "eu.anthropic.claude-haiku-4-5-20251001-v1:0";
const MEMO = [
  "Supply Agreement Memo",
  "Acme Corp and Globex Inc agreed on a supply contract worth $250,000 on March 3, 2024.",
  "Send questions to legal@acme.example before April 1, 2024.",
].join("\n");

const standIn = useStandIn();
const validator = new ExtractionValidator();

function extractor(options: Partial<BedrockConverseExtractorOptions> & { maxAttempts?: number } = {}) {
  const { maxAttempts, ...rest } = options;
  return new BedrockConverseExtractor({
    client: testClient(standIn.current.url, maxAttempts),
    modelId: MODEL,
    maxInputChars: 120_000,
    ...rest,
  });
}

function request(text: string, schema: ExtractionSchema = GENERIC_DOCUMENT_SCHEMA): ExtractionRequest {
  return { text, filename: "memo.txt", mediaType: "text/plain", schema, headings: [] };
}

type Wire = any;

interface SentConverse {
  system: { text: string }[];
  messages: { role: string; content: Record<string, Wire>[] }[];
  inferenceConfig: { maxTokens: number; temperature: number };
  toolConfig: {
    tools: { toolSpec: { name: string; inputSchema: { json: Record<string, unknown> } } }[];
    toolChoice: unknown;
  };
}

const sent = (call: RecordedCall | undefined) => call?.body as SentConverse;
const converseCalls = () => standIn.current.calls.of("converse");
const documentOf = (call: RecordedCall | undefined) =>
  /<document>\n([\s\S]*)\n<\/document>/.exec(sent(call).messages[0]?.content[0]?.text ?? "")?.[1] ?? "";
/** The stand-in estimates tokens as characters / 4; the adapter must sum what each answer reports. */
const reportedInputTokens = (calls: RecordedCall[]) =>
  calls.filter((call) => call.status === 200).reduce((sum, call) => sum + Math.ceil(call.inputChars / 4), 0);

async function rejection(promise: Promise<unknown>): Promise<DocworkerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocworkerError);
  return error as DocworkerError;
}

describe("BedrockConverseExtractor on the stand-in", () => {
  it("extracts the generic schema with one forced tool call and records usage", async () => {
    const output = await extractor().extract(request(MEMO));
    expect(output.extractor).toBe("bedrock");
    expect(output.model).toBe(MODEL);
    expect(validator.validate(GENERIC_DOCUMENT_SCHEMA, output.data)).toEqual({ valid: true, errors: [] });
    expect(output.data).toMatchObject({
      title: "Supply Agreement Memo",
      emails: ["legal@acme.example"],
      monetary_amounts: [{ amount: 250_000, currency: "USD" }],
    });
    const calls = converseCalls();
    expect(calls).toHaveLength(1);
    const body = sent(calls[0]);
    expect(body.toolConfig.toolChoice).toEqual({ tool: { name: "record_extraction" } });
    const json = body.toolConfig.tools[0]?.toolSpec.inputSchema.json ?? {};
    expect(json).not.toHaveProperty("$schema");
    expect(json.properties).toEqual(GENERIC_DOCUMENT_SCHEMA.schema.properties);
    expect(body.inferenceConfig).toEqual({ maxTokens: 4096, temperature: 0 });
    expect(body.system[0]?.text).toContain("record_extraction");
    expect(documentOf(calls[0])).toBe(MEMO);
    expect(output.usage.inputTokens).toBe(reportedInputTokens(calls));
    expect(output.usage.outputTokens).toBeGreaterThan(0);
  });

  it("honours a custom schema", async () => {
    const schema: ExtractionSchema = {
      id: "contract/v1",
      schema: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $id: "https://example.com/contract.json",
        type: "object",
        additionalProperties: false,
        required: ["title", "parties", "signed"],
        properties: {
          title: { type: "string" },
          parties: { type: "array", items: { type: "string" } },
          signed: { type: "boolean" },
          emails: { type: "array", items: { type: "string" } },
          jurisdiction: { type: "string", default: "unknown" },
        },
      },
    };
    const output = await extractor().extract(request(MEMO, schema));
    expect(output.data).toEqual({
      title: "Supply Agreement Memo",
      parties: [],
      signed: false,
      emails: ["legal@acme.example"],
      jurisdiction: "unknown",
    });
    const json = sent(converseCalls()[0]).toolConfig.tools[0]?.toolSpec.inputSchema.json ?? {};
    expect(json).not.toHaveProperty("$schema");
    expect(json).not.toHaveProperty("$id");
    expect(Object.keys(json.properties as object)).toEqual(["title", "parties", "signed", "emails", "jurisdiction"]);
  });

  it("sends invalid output back once as an error toolResult and takes the corrected answer", async () => {
    standIn.current.faults.set({ malformedNext: 1 });
    const output = await extractor().extract(request(MEMO));
    expect(validator.validate(GENERIC_DOCUMENT_SCHEMA, output.data).valid).toBe(true);
    const calls = converseCalls();
    expect(calls).toHaveLength(2);
    const [question, answer, feedback] = sent(calls[1]).messages;
    expect(question).toEqual(sent(calls[0]).messages[0]);
    expect(answer?.role).toBe("assistant");
    const toolUse = answer?.content[0]?.toolUse;
    expect(toolUse.name).toBe("record_extraction");
    expect(feedback?.role).toBe("user");
    const toolResult = feedback?.content[0]?.toolResult;
    expect(toolResult).toMatchObject({ toolUseId: toolUse.toolUseId, status: "error" });
    expect(toolResult.content[0].text).toContain("must have required property 'title'");
    expect(output.usage.inputTokens).toBe(reportedInputTokens(calls));
  });

  it("asks again when the model answers without calling the tool", async () => {
    standIn.current.faults.set({ noToolUseNext: 1 });
    const output = await extractor().extract(request(MEMO));
    expect(output.data.title).toBe("Supply Agreement Memo");
    const retry = sent(converseCalls()[1]).messages;
    expect(retry.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
    expect(retry[2]?.content[0]?.text).toContain("You did not call record_extraction");
  });

  it("fails with EXTRACTION_INVALID when the corrected answer is invalid too", async () => {
    standIn.current.faults.set({ malformedNext: 2 });
    const error = await rejection(extractor().extract(request(MEMO)));
    expect(error).toMatchObject({ code: "EXTRACTION_INVALID", retryable: false });
    expect(error.message).toContain("after one correction");
    expect(converseCalls()).toHaveLength(2);
  });

  it("reads a long document over evenly spaced windows and merges them, never sending it whole", async () => {
    const text = longDocument();
    standIn.current.limits.converseMaxInputChars = 12_500;
    const output = await extractor({ maxInputChars: 12_000, maxWindows: 4 }).extract(request(text));
    const calls = converseCalls();
    expect(calls.map((call) => call.status)).toEqual([200, 200, 200, 200]);
    expect(calls.every((call) => call.inputChars <= 12_000)).toBe(true);
    const windows = calls.map(documentOf);
    expect(text.startsWith(windows[0] as string)).toBe(true);
    expect(text.endsWith(windows[3] as string)).toBe(true);
    expect(sent(calls[1]).messages[0]?.content[0]?.text).toContain("This is part 2 of 4");
    expect(validator.validate(GENERIC_DOCUMENT_SCHEMA, output.data)).toEqual({ valid: true, errors: [] });
    expect(output.data.title).toBe("Annual Report 2024");
    expect(output.data.emails).toEqual(expect.arrayContaining(["first@acme.example", "last@acme.example"]));
    expect((output.data.key_points as string[]).length).toBeLessThanOrEqual(10);
    expect(output.usage.inputTokens).toBe(reportedInputTokens(calls));
  });

  it("halves the window when the model still says too long, deterministically", async () => {
    const text = longDocument();
    standIn.current.limits.converseMaxInputChars = 8000;
    const first = await extractor({ maxInputChars: 12_000, maxWindows: 4 }).extract(request(text));
    const statuses = converseCalls().map((call) => call.status);
    expect(statuses[0]).toBe(400);
    expect(statuses.slice(1).every((status) => status === 200)).toBe(true);
    expect(
      converseCalls()
        .slice(1)
        .every((call) => call.inputChars <= 8000),
    ).toBe(true);
    expect(validator.validate(GENERIC_DOCUMENT_SCHEMA, first.data).valid).toBe(true);
    expect(first.data.title).toBe("Annual Report 2024");

    standIn.current.calls.reset();
    const second = await extractor({ maxInputChars: 12_000, maxWindows: 4 }).extract(request(text));
    expect(converseCalls().map((call) => call.status)).toEqual(statuses);
    expect(second.data).toEqual(first.data);
  });

  it("gives up with TOO_LARGE when not even a minimal window fits", async () => {
    standIn.current.limits.converseMaxInputChars = 500;
    const error = await rejection(extractor({ maxInputChars: 12_000 }).extract(request(longDocument())));
    expect(error).toMatchObject({ code: "TOO_LARGE", retryable: false });
    expect(converseCalls().every((call) => call.status === 400)).toBe(true);
  });

  it("turns throttling beyond the retry budget into a retryable THROTTLED", async () => {
    standIn.current.faults.set({ throttleNext: 100 });
    const error = await rejection(extractor({ maxAttempts: 3 }).extract(request(MEMO)));
    expect(error).toMatchObject({ code: "THROTTLED", retryable: true });
    expect(standIn.current.calls.converse).toBe(3);
  });

  it("rides out throttling within the retry budget", async () => {
    standIn.current.faults.set({ throttleNext: 2, unavailableNext: 1 });
    const output = await extractor({ maxAttempts: 4 }).extract(request(MEMO));
    expect(output.data.title).toBe("Supply Agreement Memo");
    expect(standIn.current.calls.counts().byStatus).toEqual({ "429": 2, "503": 1, "200": 1 });
  });
});

/** About 40,000 characters: a title and an address at the start, another address at the very end. */
function longDocument(): string {
  const paragraphs = ["Annual Report 2024", "Write to first@acme.example with questions about this report."];
  for (let i = 0; paragraphs.join("\n").length < 40_000; i++) {
    paragraphs.push(
      `Section ${i + 1} describes the operations of Acme Corp in region ${i % 7}, where sales grew steadily and costs stayed within the plan agreed by the board.`,
    );
  }
  paragraphs.push("Corrections to this report go to last@acme.example.");
  return paragraphs.join("\n");
}
