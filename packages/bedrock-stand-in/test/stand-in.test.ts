import { ExtractionValidator, GENERIC_DOCUMENT_SCHEMA, tokenCount } from "@docworker/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type BedrockStandIn, startBedrockStandIn } from "../src/index.ts";

const TITAN = "amazon.titan-embed-text-v2:0";
const CLAUDE = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
const DOCUMENT = [
  "Quarterly Report",
  "Acme Corp reported revenue of $1,200,000 for the quarter ending March 31, 2024.",
  "Questions go to investor.relations@acme.example and the board meets on April 15, 2024.",
].join("\n");

const { $schema: _ignored, ...genericJson } = GENERIC_DOCUMENT_SCHEMA.schema;

type Wire = any;

let standIn: BedrockStandIn;

beforeAll(async () => {
  standIn = await startBedrockStandIn({ port: 0, host: "127.0.0.1" });
});
afterAll(() => standIn.stop());
beforeEach(() => {
  standIn.faults.clear();
  standIn.calls.reset();
  standIn.limits.embeddingMaxInputChars = 50_000;
  standIn.limits.converseMaxInputChars = 600_000;
});

async function post(path: string, body: unknown) {
  const response = await fetch(`${standIn.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    errorType: response.headers.get("x-amzn-errortype"),
    body: (await response.json()) as Wire,
  };
}

const invoke = (body: unknown, model = TITAN) => post(`/model/${encodeURIComponent(model)}/invoke`, body);
const converse = (body: unknown, model = CLAUDE) => post(`/model/${encodeURIComponent(model)}/converse`, body);

function forcedTool(schema: Record<string, unknown>, text = DOCUMENT) {
  return {
    messages: [{ role: "user", content: [{ text: `Extract.\n<document>\n${text}\n</document>` }] }],
    toolConfig: {
      tools: [{ toolSpec: { name: "record", description: "Record facts", inputSchema: { json: schema } } }],
      toolChoice: { tool: { name: "record" } },
    },
  };
}

describe("InvokeModel (Titan Text Embeddings V2)", () => {
  it.each([256, 512, 1024])(
    "answers a unit-norm embedding of %i dimensions with its token count",
    async (dimensions) => {
      const { status, body } = await invoke({ inputText: DOCUMENT, dimensions, normalize: true });
      expect(status).toBe(200);
      expect(body.embedding).toHaveLength(dimensions);
      const norm = Math.hypot(...(body.embedding as number[]));
      expect(norm).toBeCloseTo(1, 5);
      expect(body.inputTextTokenCount).toBe(tokenCount(DOCUMENT));
      expect(body.embeddingsByType).toBeUndefined();
    },
  );

  it("defaults to 1024 dimensions and answers embeddingsByType when asked", async () => {
    const { body } = await invoke({ inputText: "hello world", embeddingTypes: ["float", "binary"] });
    expect(body.embedding).toHaveLength(1024);
    expect(body.embeddingsByType.float).toEqual(body.embedding);
    expect(new Set(body.embeddingsByType.binary)).toEqual(new Set([0, 1]));
  });

  it.each([
    [{ dimensions: 256 }, "#: required key [inputText] not found"],
    [{ inputText: "" }, "#/inputText: expected minLength: 1"],
    [{ inputText: "x", dimensions: 128 }, "#/dimensions: 128 is not a valid enum value"],
    [{ inputText: "x", normalize: "yes" }, "#/normalize: expected type: Boolean"],
    [{ inputText: "x", embeddingTypes: ["int8"] }, '#/embeddingTypes/0: "int8" is not a valid enum value'],
    [{ inputText: "x", texts: ["y"] }, "#: extraneous key [texts] is not permitted"],
  ])("rejects %j like Titan does", async (request, message) => {
    const { status, errorType, body } = await invoke(request);
    expect(status).toBe(400);
    expect(errorType).toMatch(/^ValidationException:/);
    expect(body.message).toContain(`Malformed input request: ${message}`);
  });

  it("answers 'too many input tokens' beyond the token limit and 'maxLength' beyond the character limit", async () => {
    standIn.limits.embeddingMaxInputTokens = 5;
    const tokens = await invoke({ inputText: DOCUMENT });
    standIn.limits.embeddingMaxInputTokens = 8192;
    expect(tokens.status).toBe(400);
    expect(tokens.body.message).toMatch(/Too many input tokens\. Max input tokens: 5, request input token count: \d+/);
    standIn.limits.embeddingMaxInputChars = 50;
    const chars = await invoke({ inputText: DOCUMENT });
    expect(chars.status).toBe(400);
    expect(chars.body.message).toContain(`#/inputText: expected maxLength: 50, actual: ${DOCUMENT.length}`);
  });

  it("refuses models it does not emulate", async () => {
    const { status, body } = await invoke({ inputText: "x" }, "cohere.embed-english-light-v2");
    expect(status).toBe(400);
    expect(body.message).toBe("The provided model identifier is invalid.");
  });
});

describe("Converse with tool use", () => {
  it("calls the forced tool with rules-built input that validates against the schema", async () => {
    const { status, body } = await converse(forcedTool(genericJson));
    expect(status).toBe(200);
    expect(body.stopReason).toBe("tool_use");
    const [block] = body.output.message.content;
    expect(body.output.message.role).toBe("assistant");
    expect(block.toolUse.name).toBe("record");
    expect(block.toolUse.toolUseId).toMatch(/^tooluse_/);
    const input = block.toolUse.input;
    expect(new ExtractionValidator().validate(GENERIC_DOCUMENT_SCHEMA, input)).toEqual({ valid: true, errors: [] });
    expect(input.title).toBe("Quarterly Report");
    expect(input.emails).toEqual(["investor.relations@acme.example"]);
    expect(input.monetary_amounts[0]).toMatchObject({ amount: 1_200_000, currency: "USD" });
    expect(body.usage.inputTokens).toBeGreaterThan(0);
    expect(body.usage.totalTokens).toBe(body.usage.inputTokens + body.usage.outputTokens);
    expect(body.metrics.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("fills a custom schema: known fields by rules, defaults, empty values for required unknowns", async () => {
    const schema = {
      type: "object",
      required: ["title", "invoice_number", "paid"],
      properties: {
        title: { type: "string" },
        emails: { type: "array", items: { type: "string" } },
        invoice_number: { type: "string" },
        paid: { type: "boolean" },
        currency: { type: "string", default: "EUR" },
        dates: { type: "string" },
      },
    };
    const { body } = await converse(forcedTool(schema));
    expect(body.output.message.content[0].toolUse.input).toEqual({
      title: "Quarterly Report",
      emails: ["investor.relations@acme.example"],
      invoice_number: "",
      paid: false,
      currency: "EUR",
      dates: "",
    });
  });

  it("answers 'Input is too long for requested model.' beyond its context", async () => {
    standIn.limits.converseMaxInputChars = 100;
    const { status, errorType, body } = await converse(forcedTool(genericJson));
    expect(status).toBe(400);
    expect(errorType).toMatch(/^ValidationException:/);
    expect(body.message).toBe("Input is too long for requested model.");
  });

  it.each([
    [{ messages: [] }, "A conversation must start with a user message"],
    [
      {
        messages: [
          { role: "user", content: [{ text: "a" }] },
          { role: "user", content: [{ text: "b" }] },
        ],
      },
      "must alternate between user and assistant roles",
    ],
    [
      {
        messages: [
          { role: "user", content: [{ text: "a" }] },
          { role: "assistant", content: [{ text: "b" }] },
          {
            role: "user",
            content: [{ toolResult: { toolUseId: "tooluse_x", content: [{ text: "e" }], status: "error" } }],
          },
        ],
      },
      "unexpected `tool_use_id` found in `tool_result` blocks: tooluse_x",
    ],
    [
      {
        ...forcedTool(genericJson),
        toolConfig: { ...forcedTool(genericJson).toolConfig, toolChoice: { tool: { name: "other" } } },
      },
      "Tool 'other' not found",
    ],
  ])("rejects a malformed conversation %#", async (request, message) => {
    const { status, body } = await converse(request);
    expect(status).toBe(400);
    expect(body.message).toContain(message);
  });

  it("accepts a correction round: toolUse answered by an error toolResult", async () => {
    const first = await converse(forcedTool(genericJson));
    const toolUse = first.body.output.message.content[0].toolUse;
    const request = forcedTool(genericJson);
    request.messages.push(
      { role: "assistant", content: [{ toolUse }] } as never,
      {
        role: "user",
        content: [{ toolResult: { toolUseId: toolUse.toolUseId, status: "error", content: [{ text: "fix it" }] } }],
      } as never,
    );
    const second = await converse(request);
    expect(second.status).toBe(200);
    expect(second.body.output.message.content[0].toolUse.input.title).toBe("Quarterly Report");
  });

  it("stops at max_tokens with an unfinished tool input", async () => {
    const { body } = await converse({ ...forcedTool(genericJson), inferenceConfig: { maxTokens: 5 } });
    expect(body.stopReason).toBe("max_tokens");
    expect(body.output.message.content[0].toolUse.input).toEqual({});
  });
});

describe("faults", () => {
  it("throttles, then recovers, through the HTTP control API; counts every call", async () => {
    const set = await post("/_stand-in/faults", { throttleNext: 2, unavailableNext: 1 });
    expect(set.body).toMatchObject({ throttleNext: 2, unavailableNext: 1 });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await invoke({ inputText: "hello" }));
    expect(answers.map((a) => a.status)).toEqual([429, 429, 503, 200]);
    expect(answers[0]?.errorType).toMatch(/^ThrottlingException:/);
    expect(answers[2]?.errorType).toMatch(/^ServiceUnavailableException:/);
    const calls = (await (await fetch(`${standIn.url}/_stand-in/calls`)).json()) as Wire;
    expect(calls).toMatchObject({
      invoke: 4,
      converse: 0,
      total: 4,
      byStatus: { "200": 1, "429": 2, "503": 1 },
      byErrorType: { ThrottlingException: 2, ServiceUnavailableException: 1 },
    });
  });

  it("times out and fails internally on demand", async () => {
    standIn.faults.set({ timeoutNext: 1, internalErrorNext: 1 });
    expect((await converse(forcedTool(genericJson))).status).toBe(408);
    expect((await converse(forcedTool(genericJson))).status).toBe(500);
    expect((await converse(forcedTool(genericJson))).status).toBe(200);
  });

  it("spoils the next Converse answers: malformed tool input, then no tool use", async () => {
    standIn.faults.set({ malformedNext: 1, noToolUseNext: 1 });
    const validator = new ExtractionValidator();
    const malformed = await converse(forcedTool(genericJson));
    expect(
      validator.validate(GENERIC_DOCUMENT_SCHEMA, malformed.body.output.message.content[0].toolUse.input).valid,
    ).toBe(false);
    const textOnly = await converse(forcedTool(genericJson));
    expect(textOnly.body.stopReason).toBe("end_turn");
    expect(textOnly.body.output.message.content[0].text).toBeTypeOf("string");
    const fine = await converse(forcedTool(genericJson));
    expect(validator.validate(GENERIC_DOCUMENT_SCHEMA, fine.body.output.message.content[0].toolUse.input).valid).toBe(
      true,
    );
  });

  it("makes any longer input too long with tooLongOver, and adds latency", async () => {
    standIn.faults.set({ tooLongOver: 10, latencyMs: 30 });
    const started = Date.now();
    const embedding = await invoke({ inputText: "a text longer than ten characters" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(embedding.status).toBe(400);
    expect(embedding.body.message).toContain("Too many input tokens");
    expect((await converse(forcedTool(genericJson))).body.message).toBe("Input is too long for requested model.");
    const cleared = await fetch(`${standIn.url}/_stand-in/faults`, { method: "DELETE" });
    expect(((await cleared.json()) as Wire).tooLongOver).toBeNull();
  });

  it("refuses unknown or nonsensical fault settings", async () => {
    expect((await post("/_stand-in/faults", { throttleNext: -1 })).status).toBe(400);
    expect((await post("/_stand-in/faults", { explode: 1 })).status).toBe(400);
  });

  it("answers unknown routes with UnknownOperationException", async () => {
    const response = await fetch(`${standIn.url}/model/${TITAN}/invoke-with-response-stream`, {
      method: "POST",
      body: "{}",
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-amzn-errortype")).toMatch(/^UnknownOperationException/);
  });
});

describe("InvokeModel (Cohere Embed)", () => {
  const COHERE = "cohere.embed-english-v3";

  it("answers embeddings_floats, or embeddings_by_type when embedding_types is given", async () => {
    const floats = await invoke({ texts: ["a contract", "an invoice"], input_type: "search_document" }, COHERE);
    expect(floats.status).toBe(200);
    expect(floats.body).toMatchObject({ response_type: "embeddings_floats", texts: ["a contract", "an invoice"] });
    expect(floats.body.embeddings).toHaveLength(2);
    expect(floats.body.embeddings[0]).toHaveLength(1024);
    const byType = await invoke(
      { texts: ["x"], input_type: "search_query", embedding_types: ["float"], output_dimension: 256 },
      "cohere.embed-v4:0",
    );
    expect(byType.body.response_type).toBe("embeddings_by_type");
    expect(byType.body.embeddings.float[0]).toHaveLength(256);
  });

  it("refuses more than 96 texts, a text over 2,048 characters, and a missing input_type", async () => {
    const many = await invoke({ texts: Array.from({ length: 97 }, () => "x"), input_type: "search_document" }, COHERE);
    const long = await invoke({ texts: ["x".repeat(2049)], input_type: "search_document" }, COHERE);
    const untyped = await invoke({ texts: ["x"] }, COHERE);
    for (const answer of [many, long, untyped]) {
      expect(answer.status).toBe(400);
      expect(answer.errorType).toMatch(/^ValidationException/);
    }
  });
});

describe("Rerank (bedrock-agent-runtime)", () => {
  const request = (overrides: Record<string, unknown> = {}) => ({
    queries: [{ type: "TEXT", textQuery: { text: "aspirin prostaglandin" } }],
    sources: ["weekly menu", "aspirin blocks prostaglandin", "aspirin dosage"].map((text) => ({
      type: "INLINE",
      inlineDocumentSource: { type: "TEXT", textDocument: { text } },
    })),
    rerankingConfiguration: {
      type: "BEDROCK_RERANKING_MODEL",
      bedrockRerankingConfiguration: {
        numberOfResults: 2,
        modelConfiguration: { modelArn: "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0" },
      },
    },
    ...overrides,
  });

  it("answers the numberOfResults most relevant sources, most relevant first", async () => {
    const answer = await post("/rerank", request());
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: Wire) => r.index)).toEqual([1, 2]);
    expect(answer.body.results[0].relevanceScore).toBeGreaterThan(answer.body.results[1].relevanceScore);
    expect(standIn.calls.counts()).toMatchObject({ rerank: 1, total: 1 });
  });

  it("refuses two queries, no sources and a model that is not a reranker", async () => {
    const q = { type: "TEXT", textQuery: { text: "x" } };
    const answers = await Promise.all([
      post("/rerank", request({ queries: [q, q] })),
      post("/rerank", request({ sources: [] })),
      post(
        "/rerank",
        request({
          rerankingConfiguration: {
            type: "BEDROCK_RERANKING_MODEL",
            bedrockRerankingConfiguration: {
              modelConfiguration: {
                modelArn: "arn:aws:bedrock:us-west-2::foundation-model/amazon.titan-embed-text-v2:0",
              },
            },
          },
        }),
      ),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.errorType).toMatch(/^ValidationException/);
    }
  });
});
