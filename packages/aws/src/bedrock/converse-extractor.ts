import {
  type BedrockRuntimeClient,
  type ContentBlock,
  ConverseCommand,
  type ConverseCommandOutput,
  type Message,
} from "@aws-sdk/client-bedrock-runtime";
import {
  DocworkerError,
  type ExtractionOutput,
  type ExtractionRequest,
  type ExtractionSchema,
  ExtractionValidator,
  type Extractor,
} from "@docworker/core";
import { fromBedrockError, isInputTooLong } from "./bedrock-errors.ts";
import {
  correctionText,
  documentPrompt,
  extractionTool,
  missingToolText,
  systemPrompt,
  type ToolSpecification,
  type WindowPosition,
} from "./extraction-prompt.ts";
import { mergeWindowResults, planWindows } from "./extraction-windows.ts";
import { forcedToolConfig } from "./forced-tool.ts";

export interface BedrockConverseExtractorOptions {
  client: BedrockRuntimeClient;
  modelId: string;
  /** Characters one call may carry: prompt, tool schema and document text. Keep it conservative. */
  maxInputChars: number;
  /** Converse calls (windows) one long document may take. Default 4. */
  maxWindows?: number;
  /** inferenceConfig.maxTokens. Default 4096. */
  maxOutputTokens?: number;
  /** The tool the model is made to call. Default "record_extraction". */
  toolName?: string;
  /** Below this many characters of document per call, "too long" is given up on. Default 1000. */
  minWindowChars?: number;
}

type Usage = ExtractionOutput["usage"];

/** Thrown inside the extractor when the model says the input is too long; never escapes it. */
class InputTooLong extends Error {}

/**
 * The Extractor port on the Bedrock Converse API with a forced tool whose input schema is the
 * extraction schema. The tool input is validated; invalid output is sent back once, as an error
 * toolResult listing the problems, and if the second answer is invalid too the document fails
 * with EXTRACTION_INVALID. Documents longer than `maxInputChars` are read over windows and the
 * window results merged; a "too long" answer halves the window and starts over, so a document is
 * never sent whole to fail. Usage is summed over every call.
 */
export class BedrockConverseExtractor implements Extractor {
  private readonly client: BedrockRuntimeClient;
  private readonly modelId: string;
  private readonly maxInputChars: number;
  private readonly maxWindows: number;
  private readonly maxOutputTokens: number;
  private readonly toolName: string;
  private readonly minWindowChars: number;
  private readonly validator = new ExtractionValidator();

  constructor(options: BedrockConverseExtractorOptions) {
    this.client = options.client;
    this.modelId = options.modelId;
    this.maxInputChars = options.maxInputChars;
    this.maxWindows = options.maxWindows ?? 4;
    this.maxOutputTokens = options.maxOutputTokens ?? 4096;
    this.toolName = options.toolName ?? "record_extraction";
    this.minWindowChars = options.minWindowChars ?? 1000;
  }

  async extract(request: ExtractionRequest): Promise<ExtractionOutput> {
    this.validator.compile(request.schema);
    const tool = extractionTool(request.schema, this.toolName);
    const system = systemPrompt(this.toolName);
    const usage: Usage = { inputTokens: 0, outputTokens: 0 };
    const { text } = request;
    let windowChars = Math.max(this.minWindowChars, this.maxInputChars - this.overheadChars(request, tool, system));
    for (;;) {
      const windows = planWindows(text.length, windowChars, this.maxWindows);
      try {
        const results: Record<string, unknown>[] = [];
        for (const [index, window] of windows.entries()) {
          const position: WindowPosition = { window, index, count: windows.length, length: text.length };
          const prompt = documentPrompt(request, text.slice(window.start, window.end), position);
          results.push(await this.extractOne(request.schema, tool, system, prompt, usage));
        }
        const data =
          results.length === 1
            ? (results[0] as Record<string, unknown>)
            : mergeWindowResults(results, tool.inputSchema.json);
        this.validator.assertValid(request.schema, data, `bedrock extractor (${windows.length} windows merged)`);
        return { data, extractor: "bedrock", model: this.modelId, usage };
      } catch (error) {
        if (!(error instanceof InputTooLong)) throw error;
        const halved = Math.floor(Math.min(windowChars, text.length) / 2);
        if (halved < this.minWindowChars) {
          throw new DocworkerError(
            "TOO_LARGE",
            `${this.modelId} rejects even ${windowChars} characters of this document as too long; lower BEDROCK_EXTRACTION_MAX_INPUT_CHARS or the schema's size`,
            { cause: error.cause },
          );
        }
        windowChars = halved;
      }
    }
  }

  /**
   * Characters of every call besides the document text: system prompt, tool schema, the prompt's
   * framing, and room for one correction round (the model's answer and the list of errors).
   */
  private overheadChars(request: ExtractionRequest, tool: ToolSpecification, system: string): number {
    const framing = documentPrompt(request, "", {
      window: { start: 10 ** 9, end: 10 ** 9 },
      index: 98,
      count: 99,
      length: 10 ** 9,
    });
    const correctionRoom = Math.min(8000, Math.floor(this.maxInputChars * 0.1));
    return system.length + JSON.stringify([{ toolSpec: tool }]).length + framing.length + correctionRoom;
  }

  /** One window: a call, and if its answer is invalid, one more with the problems sent back. */
  private async extractOne(
    schema: ExtractionSchema,
    tool: ToolSpecification,
    system: string,
    prompt: string,
    usage: Usage,
  ): Promise<Record<string, unknown>> {
    const question: Message = { role: "user", content: [{ text: prompt }] };
    const first = this.read(schema, await this.converse([question], tool, system, usage));
    if (first.valid) return first.data;
    let retry: Message[];
    if (first.toolUseId) {
      retry = [
        question,
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [
            {
              toolResult: {
                toolUseId: first.toolUseId,
                status: "error",
                content: [{ text: correctionText(this.toolName, first.errors, first.cutOff) }],
              },
            },
          ],
        },
      ];
    } else if (first.content.length > 0) {
      retry = [
        question,
        { role: "assistant", content: first.content },
        { role: "user", content: [{ text: missingToolText(this.toolName) }] },
      ];
    } else {
      retry = [{ role: "user", content: [{ text: prompt }, { text: missingToolText(this.toolName) }] }];
    }
    const second = this.read(schema, await this.converse(retry, tool, system, usage));
    if (second.valid) return second.data;
    throw new DocworkerError(
      "EXTRACTION_INVALID",
      `${this.modelId} output does not match ${schema.id} after one correction: ${second.errors.join("; ")}`,
    );
  }

  private async converse(
    messages: Message[],
    tool: ToolSpecification,
    system: string,
    usage: Usage,
  ): Promise<ConverseCommandOutput> {
    try {
      const response = await this.client.send(
        new ConverseCommand({
          modelId: this.modelId,
          system: [{ text: system }],
          messages,
          inferenceConfig: { maxTokens: this.maxOutputTokens, temperature: 0 },
          toolConfig: forcedToolConfig(tool),
        }),
      );
      usage.inputTokens += response.usage?.inputTokens ?? 0;
      usage.outputTokens += response.usage?.outputTokens ?? 0;
      return response;
    } catch (error) {
      if (isInputTooLong(error)) throw new InputTooLong("input too long", { cause: error });
      throw fromBedrockError(error, `extraction with ${this.modelId}`);
    }
  }

  private read(schema: ExtractionSchema, response: ConverseCommandOutput): Answer {
    const content = response.output?.message?.content ?? [];
    const cutOff = response.stopReason === "max_tokens";
    const toolUse = content.find((block) => block.toolUse?.name === this.toolName)?.toolUse;
    if (!toolUse) {
      return {
        valid: false,
        content,
        cutOff,
        errors: [`no call to ${this.toolName} (stopReason ${response.stopReason})`],
      };
    }
    const outcome = this.validator.validate(schema, toolUse.input);
    if (outcome.valid) return { valid: true, data: toolUse.input as Record<string, unknown> };
    return {
      valid: false,
      content,
      cutOff,
      errors: outcome.errors,
      ...(toolUse.toolUseId ? { toolUseId: toolUse.toolUseId } : {}),
    };
  }
}

type Answer =
  | { valid: true; data: Record<string, unknown> }
  | { valid: false; content: ContentBlock[]; cutOff: boolean; errors: string[]; toolUseId?: string };
