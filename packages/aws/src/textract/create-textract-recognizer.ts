import { TextractClient } from "@aws-sdk/client-textract";
import type { TextractConfig } from "./textract-config.ts";
import { TextractRecognizer } from "./textract-recognizer.ts";

export interface TextractClientOptions {
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export function createTextractRecognizer(
  config: TextractConfig,
  options: TextractClientOptions = {},
): TextractRecognizer {
  const client = new TextractClient({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: config.maxAttempts,
    retryMode: "adaptive",
  });
  return new TextractRecognizer(client, config);
}
