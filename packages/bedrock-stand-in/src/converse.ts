import { randomBytes } from "node:crypto";
import { classifyToolInput, isClassificationTool } from "./classify-tool-input.ts";
import {
  type ConverseRequestBody,
  documentText,
  inputChars,
  parseConverseRequest,
  type ToolSpec,
} from "./converse-request.ts";
import { estimateTokens } from "./limits.ts";
import { RulesToolInput, spoil } from "./rules-tool-input.ts";
import { BedrockWireError } from "./wire-error.ts";

export type AnswerFault = "malformed" | "no-tool-use" | undefined;

/**
 * The Converse operation with tool use. The answer calls the forced tool (or the first one) with
 * an input the rules build from the document; it can be spoiled on demand (malformed input, or
 * no tool call at all) to exercise an adapter's validation and correction path.
 */
export class ConverseModel {
  private readonly toolInput = new RulesToolInput();

  /** Parses and checks the request; throws the ValidationException Bedrock would. */
  check(body: unknown): { request: ConverseRequestBody; chars: number } {
    const request = parseConverseRequest(body);
    return { request, chars: inputChars(request) };
  }

  /** A model's context is finite: beyond it, Bedrock answers this (deterministic) ValidationException. */
  checkLength(chars: number, maxInputChars: number): void {
    if (chars > maxInputChars)
      throw new BedrockWireError("ValidationException", "Input is too long for requested model.");
  }

  async answer(
    request: ConverseRequestBody,
    chars: number,
    fault: AnswerFault,
    startedAt: number,
  ): Promise<Record<string, unknown>> {
    const text = documentText(request);
    const tool = chosenTool(request);
    const maxTokens = request.inferenceConfig?.maxTokens;
    let content: Record<string, unknown>[];
    let stopReason = "end_turn";
    let outputChars: number;
    if (!tool || fault === "no-tool-use") {
      const reply = `Here is what the document says: ${text.replace(/\s+/g, " ").slice(0, 300)}`;
      content = [{ text: reply }];
      outputChars = reply.length;
    } else {
      const valid = isClassificationTool(tool.inputSchema.json)
        ? await classifyToolInput(text, tool.inputSchema.json)
        : await this.toolInput.fill(text, tool.inputSchema.json);
      let input = fault === "malformed" ? spoil(valid, tool.inputSchema.json) : valid;
      outputChars = JSON.stringify(input).length;
      stopReason = "tool_use";
      if (maxTokens !== undefined && estimateTokens(outputChars) > maxTokens) {
        // A model that runs out of output tokens mid-call leaves the tool input unfinished.
        input = {};
        outputChars = maxTokens * 4;
        stopReason = "max_tokens";
      }
      content = [
        {
          toolUse: {
            toolUseId: `tooluse_${randomBytes(16).toString("base64url").slice(0, 22)}`,
            name: tool.name,
            input,
          },
        },
      ];
    }
    const inputTokens = estimateTokens(chars);
    const outputTokens = estimateTokens(outputChars);
    return {
      output: { message: { role: "assistant", content } },
      stopReason,
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
      metrics: { latencyMs: Date.now() - startedAt },
    };
  }
}

function chosenTool(request: ConverseRequestBody): ToolSpec | undefined {
  const specs = (request.toolConfig?.tools ?? []).flatMap((tool) => (tool.toolSpec ? [tool.toolSpec] : []));
  const forced = request.toolConfig?.toolChoice?.tool?.name;
  return forced ? specs.find((spec) => spec.name === forced) : specs[0];
}
