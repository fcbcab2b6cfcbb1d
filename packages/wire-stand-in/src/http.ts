import { randomUUID } from "node:crypto";

/** What the stand-ins need of a request and a response; HTTP/1.1 and HTTP/2 (compat API) both fit. */
export interface StandInRequest extends AsyncIterable<Buffer | string> {
  method?: string;
  url?: string;
}
export interface StandInResponse {
  headersSent: boolean;
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(): unknown;
  end(body: string): unknown;
}

/** The request body as text; `tooLarge` is thrown as soon as it passes `maxBytes`. */
export async function readBody(req: StandInRequest, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Answers JSON with a request id, as AWS services do; `contentType` is the protocol's media type. */
export function sendJson(
  res: StandInResponse,
  status: number,
  body: unknown,
  options: { contentType?: string; headers?: Record<string, string> } = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": options.contentType ?? "application/json",
    "content-length": Buffer.byteLength(payload),
    "x-amzn-requestid": randomUUID(),
    ...options.headers,
  });
  res.end(payload);
}
