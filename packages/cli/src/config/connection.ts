import { UsageError } from "../cli-errors.ts";
import { readStoredToken } from "./credentials-file.ts";

export interface Connection {
  apiUrl: string;
  token?: string;
}

/**
 * Which API to call and as whom. URL: --api, else DOCWORKER_API_URL, else the local `make run`
 * (http://127.0.0.1:$PORT, PORT defaulting to 3000). Token: --token, else DOCWORKER_TOKEN, else
 * the stored credentials file.
 */
export async function resolveConnection(
  flags: { api?: string; token?: string },
  env: Record<string, string | undefined>,
): Promise<Connection> {
  const apiUrl = normaliseUrl(flags.api || env.DOCWORKER_API_URL || `http://127.0.0.1:${env.PORT || 3000}`);
  const token = flags.token || env.DOCWORKER_TOKEN || (await readStoredToken(env));
  return token ? { apiUrl, token } : { apiUrl };
}

function normaliseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--api: not a URL: ${value}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UsageError(`--api: expected http(s), got ${value}`);
  if (url.search || url.hash) throw new UsageError(`--api: expected a base URL without ?query or #fragment: ${value}`);
  return url.toString().replace(/\/+$/, "");
}
