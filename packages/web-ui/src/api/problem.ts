/** An API error as the user should read it: the problem's title and detail, and its stable code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;

  constructor(status: number, message: string, code?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

/** Reads an application/problem+json body (or any body) into an ApiError. */
export async function problemFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { title?: string; detail?: string; code?: string; message?: string };
    const message = [body.title, body.detail ?? body.message].filter(Boolean).join(": ");
    return new ApiError(response.status, message || `HTTP ${response.status}`, body.code);
  } catch {
    // S3 answers a refused pre-signed PUT in XML: <Error><Code>…</Code><Message>…</Message></Error>.
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
    if (code || message) return new ApiError(response.status, message ?? code ?? "", code);
    return new ApiError(response.status, text.slice(0, 200) || `HTTP ${response.status}`);
  }
}
