import type { ToolConfiguration } from "@aws-sdk/client-bedrock-runtime";
import type { DocumentType } from "@smithy/types";
import type { ToolSpecification } from "./extraction-prompt.ts";

/** Converse's tool configuration that offers one tool and makes the model answer through it. */
export function forcedToolConfig(tool: ToolSpecification): ToolConfiguration {
  return {
    tools: [
      {
        toolSpec: {
          name: tool.name,
          description: tool.description,
          inputSchema: { json: tool.inputSchema.json as DocumentType },
        },
      },
    ],
    toolChoice: { tool: { name: tool.name } },
  };
}
