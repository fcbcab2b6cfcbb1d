import { FetchError, NonRetryableFetchError } from "aws-jwt-verify/error";
import type { Fetcher } from "aws-jwt-verify/https";
import { type JwksCache, SimpleJwksCache } from "aws-jwt-verify/jwk";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * aws-jwt-verify fetches keys with node:https only. Emulators (moto) serve the JWKS over plain
 * HTTP on loopback, so an http: JWKS address gets a fetch-based fetcher — but only on loopback:
 * keys fetched over plain HTTP from anywhere else could be swapped on the way.
 */
export function jwksCacheFor(jwksUri: string): JwksCache | undefined {
  const url = new URL(jwksUri);
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && LOOPBACK.has(url.hostname)) return new SimpleJwksCache({ fetcher: plainHttpFetcher });
  throw new Error(`COGNITO_JWKS_URI must be https (plain http only on loopback, for emulators): ${jwksUri}`);
}

const plainHttpFetcher: Fetcher = {
  async fetch(uri) {
    let response: Response;
    try {
      response = await fetch(uri, { signal: AbortSignal.timeout(3000), redirect: "error" });
    } catch (error) {
      throw new FetchError(uri, error instanceof Error ? error.message : String(error));
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new NonRetryableFetchError(uri, `Status code is ${response.status}, expected 200`);
    }
    return response.arrayBuffer();
  },
};
