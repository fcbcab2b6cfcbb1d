import { BedrockWireError } from "./wire-error.ts";

/** The parts of a Converse request the stand-in reads. Shapes follow the Bedrock runtime API. */
export interface ConverseRequestBody {
  messages: Message[];
  system?: { text?: string }[];
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
  toolConfig?: {
    tools: { toolSpec?: ToolSpec }[];
    toolChoice?: { tool?: { name: string }; any?: object; auto?: object };
  };
}

export interface ToolSpec {
  name: string;
  description?: string;
  inputSchema: { json: Record<string, unknown> };
}

export interface Message {
  role: "user" | "assistant";
  content: ContentBlock[];
}

export interface ContentBlock {
  text?: string;
  toolUse?: { toolUseId: string; name: string; input: unknown };
  toolResult?: { toolUseId: string; content: { text?: string; json?: unknown }[]; status?: "success" | "error" };
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function invalid(message: string): BedrockWireError {
  return new BedrockWireError("ValidationException", message);
}

/**
 * Checks a Converse request the way Bedrock (and the Claude models behind it) would: a
 * conversation starts with a user turn and alternates, every toolUse is answered by a toolResult
 * in the next user turn, a forced tool exists. These catch the mistakes an adapter makes when it
 * sends a model's output back for correction.
 */
export function parseConverseRequest(body: unknown): ConverseRequestBody {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw invalid("The request body must be a JSON object.");
  const request = body as ConverseRequestBody;
  const { messages } = request;
  if (!Array.isArray(messages) || messages.length === 0 || messages[0]?.role !== "user") {
    throw invalid(
      "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
    );
  }
  messages.forEach((message, i) => {
    if (message.role !== "user" && message.role !== "assistant") {
      throw invalid(
        `1 validation error detected: Value at 'messages.${i + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]`,
      );
    }
    if (i > 0 && messages[i - 1]?.role === message.role) {
      throw invalid(
        "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.",
      );
    }
    if (!Array.isArray(message.content) || message.content.length === 0) {
      throw invalid(
        `The content field in the Message object at messages.${i} is empty. Add a ContentBlock object to the content field and try again.`,
      );
    }
  });
  checkToolPairing(messages);
  checkToolConfig(request);
  const maxTokens = request.inferenceConfig?.maxTokens;
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 1)) {
    throw invalid(
      "1 validation error detected: Value at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  }
  return request;
}

function checkToolPairing(messages: Message[]): void {
  const toolUseIds = (message: Message | undefined) =>
    message?.role === "assistant" ? message.content.flatMap((b) => (b.toolUse ? [b.toolUse.toolUseId] : [])) : [];
  const toolResultIds = (message: Message | undefined) =>
    message?.content.flatMap((b) => (b.toolResult ? [b.toolResult.toolUseId] : [])) ?? [];
  messages.forEach((message, i) => {
    const asked = toolUseIds(messages[i - 1]);
    const unexpected = toolResultIds(message).filter((id) => !asked.includes(id));
    if (unexpected.length > 0) {
      throw invalid(
        `The model returned the following errors: messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unexpected.join(", ")}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
      );
    }
    const next = messages[i + 1];
    if (!next) return;
    const answered = toolResultIds(next);
    const missing = toolUseIds(message).filter((id) => !answered.includes(id));
    if (missing.length > 0) {
      throw invalid(
        `The model returned the following errors: messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
    }
  });
}

function checkToolConfig(request: ConverseRequestBody): void {
  const config = request.toolConfig;
  if (!config) return;
  if (!Array.isArray(config.tools) || config.tools.length === 0) {
    throw invalid("The toolConfig field must be defined when using toolUse and toolResult content blocks.");
  }
  config.tools.forEach((tool, i) => {
    const spec = tool.toolSpec;
    if (!spec || typeof spec.name !== "string" || !TOOL_NAME.test(spec.name)) {
      throw invalid(
        `1 validation error detected: Value at 'toolConfig.tools.${i + 1}.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+`,
      );
    }
    const json = spec.inputSchema?.json;
    if (typeof json !== "object" || json === null || json.type !== "object") {
      throw invalid(
        `The model returned the following errors: tools.${i}.custom.input_schema.type: Input should be 'object'`,
      );
    }
  });
  const forced = config.toolChoice?.tool?.name;
  if (forced !== undefined && !config.tools.some((tool) => tool.toolSpec?.name === forced)) {
    throw invalid(
      `The model returned the following errors: tool_choice.name: Tool '${forced}' not found in provided tools`,
    );
  }
}

/** Characters of model input: system prompt, every message's text and JSON, and the tool specs. */
export function inputChars(request: ConverseRequestBody): number {
  let chars = 0;
  for (const block of request.system ?? []) chars += block.text?.length ?? 0;
  for (const message of request.messages) {
    for (const block of message.content) {
      chars += block.text?.length ?? 0;
      if (block.toolUse) chars += JSON.stringify(block.toolUse.input ?? {}).length;
      for (const part of block.toolResult?.content ?? []) {
        chars += part.text?.length ?? 0;
        if (part.json !== undefined) chars += JSON.stringify(part.json).length;
      }
    }
  }
  if (request.toolConfig) chars += JSON.stringify(request.toolConfig.tools).length;
  return chars;
}

const DOCUMENT = /<document\b[^>]*>([\s\S]*?)<\/document>/;

/**
 * The text the rules read: everything the user said; when it wraps the document in
 * `<document>…</document>` (as the docworker adapter does), only what is inside.
 */
export function documentText(request: ConverseRequestBody): string {
  const userText = request.messages
    .filter((message) => message.role === "user")
    .flatMap((message) => message.content.map((block) => block.text ?? ""))
    .join("\n");
  return DOCUMENT.exec(userText)?.[1]?.trim() ?? userText;
}
