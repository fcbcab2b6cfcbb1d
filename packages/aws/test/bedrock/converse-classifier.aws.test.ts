import { ClassCatalog, type ClassificationRequest } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { BedrockConverseClassifier, CLASSIFY_TOOL } from "../../src/index.ts";
import { testClient, useStandIn } from "./stand-in-fixture.ts";

const MODEL = "eu.anthropic.claude-haiku-4-5-20251001-v1:0";
const standIn = useStandIn();
const classes = ClassCatalog.builtIn().classes;

const classifier = () => new BedrockConverseClassifier({ client: testClient(standIn.current.url), modelId: MODEL });
const request = (text: string): ClassificationRequest => ({
  text,
  filename: "scan.png",
  mediaType: "image/png",
  classes,
});

const RECEIPT = "KEDAI MAJU SDN BHD\nNO. 12, JALAN BUNGA\nTOTAL: 12.90\nCASH: 20.00\nCHANGE: 7.10\nTHANK YOU";

describe("the Bedrock Converse classifier (real SDK client, Bedrock stand-in)", () => {
  it("forces the classification tool, offering the configured classes, and reads its answer", async () => {
    const result = await classifier().classify(request(RECEIPT));
    expect(result).toMatchObject({ class: "receipt", method: "bedrock", model: MODEL });
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.reason).toMatch(/cash|change|total/i);
    expect(result.usage.inputTokens).toBeGreaterThan(0);

    const [call] = standIn.current.calls.of("converse");
    const body = call?.body as any;
    expect(body.toolConfig.toolChoice).toEqual({ tool: { name: CLASSIFY_TOOL } });
    const schema = body.toolConfig.tools[0].toolSpec.inputSchema.json;
    expect(schema.properties.class.enum).toEqual(["generic", "receipt", "invoice", "contract", "email"]);
    expect(schema.required).toEqual(["class", "confidence", "reason"]);
    expect(body.messages[0].content[0].text).toContain("<document>\nKEDAI MAJU SDN BHD");
  });

  it("answers generic with confidence 0 when the model calls no tool", async () => {
    standIn.current.faults.set({ noToolUseNext: 1 });
    const result = await classifier().classify(request(RECEIPT));
    expect(result).toMatchObject({ class: "generic", confidence: 0, method: "bedrock" });
    expect(result.reason).toMatch(/no offered class/);
  });

  it("sends only the first pages' characters it is allowed", async () => {
    const long = `${RECEIPT}\n${"filler text ".repeat(5000)}`;
    await new BedrockConverseClassifier({
      client: testClient(standIn.current.url),
      modelId: MODEL,
      maxInputChars: 1000,
    }).classify(request(long));
    const [call] = standIn.current.calls.of("converse");
    const body = call?.body as { messages: { content: { text: string }[] }[] };
    const text = body.messages[0]?.content[0]?.text ?? "";
    expect(text.length).toBeLessThan(1200);
  });
});
