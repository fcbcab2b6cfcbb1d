import { HttpProblem } from "../http-problem.ts";

const REALM = "docworker";

/**
 * A 401 with its RFC 6750 challenge. `headers` follows Fastify's convention for errors that carry
 * response headers (its default error handler applies `error.headers`); the problem-details
 * handler has to apply them for the challenge to reach the client.
 */
export class BearerChallenge extends HttpProblem {
  readonly headers: Record<string, string>;

  constructor(detail: string, error?: "invalid_token") {
    super(401, "UNAUTHORIZED", detail, "Unauthorized");
    this.name = "BearerChallenge";
    // The description is ours (fixed phrases), never an echo of the token or of its claims.
    const params = [`realm="${REALM}"`, ...(error ? [`error="${error}"`, `error_description="${detail}"`] : [])];
    this.headers = { "www-authenticate": `Bearer ${params.join(", ")}` };
  }
}

export const forbidden = (detail: string) => new HttpProblem(403, "FORBIDDEN", detail, "Forbidden");

/**
 * The token of an `Authorization: Bearer <token>` header. No header, or another scheme: a bare
 * challenge (RFC 6750 section 3.1: no error code for a client that did not try a bearer token);
 * a bearer header whose token is empty or not token68: invalid_token.
 */
export function bearerToken(header: string | undefined): string {
  const [scheme = "", ...rest] = (header ?? "").trim().split(/ +/);
  if (scheme.toLowerCase() !== "bearer") throw new BearerChallenge("a valid bearer token is required");
  const token = rest.join(" ");
  if (!/^[A-Za-z0-9._~+/-]+=*$/.test(token))
    throw new BearerChallenge("the bearer token is malformed", "invalid_token");
  return token;
}
