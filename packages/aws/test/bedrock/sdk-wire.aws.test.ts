import {
  BedrockRuntimeClient,
  ConverseCommand,
  InternalServerException,
  InvokeModelCommand,
  ModelTimeoutException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { TEST_CREDENTIALS, useStandIn } from "./stand-in-fixture.ts";

const standIn = useStandIn();

/** The SDK exactly as an application would build it: its default handler (HTTP/2), no retries. */
function defaultClient() {
  return new BedrockRuntimeClient({
    region: "eu-west-1",
    endpoint: standIn.current.url,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
}

const embed = (inputText: string) =>
  new InvokeModelCommand({
    modelId: "amazon.titan-embed-text-v2:0",
    contentType: "application/json",
    accept: "application/json",
    body: JSON.stringify({ inputText, dimensions: 512 }),
  });

describe("the stand-in as the real SDK sees it", () => {
  it("answers InvokeModel and Converse to the default (HTTP/2) client", async () => {
    const client = defaultClient();
    const invoked = await client.send(embed("hello"));
    expect(JSON.parse(new TextDecoder().decode(invoked.body)).embedding).toHaveLength(512);
    const conversed = await client.send(
      new ConverseCommand({
        modelId: "us.amazon.nova-lite-v1:0",
        messages: [{ role: "user", content: [{ text: "<document>Hello from Acme Corp</document>" }] }],
        toolConfig: {
          tools: [
            {
              toolSpec: {
                name: "record",
                inputSchema: { json: { type: "object", properties: { title: { type: "string" } } } },
              },
            },
          ],
          toolChoice: { tool: { name: "record" } },
        },
      }),
    );
    expect(conversed.stopReason).toBe("tool_use");
    expect(conversed.output?.message?.content?.[0]?.toolUse?.input).toEqual({ title: "Hello from Acme Corp" });
    expect(conversed.usage?.totalTokens).toBeGreaterThan(0);
    expect(conversed.metrics?.latencyMs).toBeGreaterThanOrEqual(0);
    client.destroy();
  });

  it.each([
    [{ throttleNext: 1 }, ThrottlingException, 429],
    [{ unavailableNext: 1 }, ServiceUnavailableException, 503],
    [{ timeoutNext: 1 }, ModelTimeoutException, 408],
    [{ internalErrorNext: 1 }, InternalServerException, 500],
    [{ tooLongOver: 1 }, ValidationException, 400],
  ])("maps %j to the SDK's typed exception", async (fault, Exception, status) => {
    standIn.current.faults.set(fault);
    const client = defaultClient();
    const error = await client.send(embed("hello world")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Exception);
    expect((error as InstanceType<typeof Exception>).$metadata.httpStatusCode).toBe(status);
    expect((error as Error).message.length).toBeGreaterThan(0);
    client.destroy();
  });
});
