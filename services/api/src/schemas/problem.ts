import { Type } from "typebox";

const PROBLEM_STATUSES = {
  400: "The request does not match the schema (VALIDATION_FAILED), a cursor is not valid (INVALID_CURSOR), or a class is not configured (UNKNOWN_CLASS).",
  401: "No valid bearer token (when authentication is on).",
  403: "The token carries no valid tenant, or a reserved one.",
  404: "No such document for this tenant, or no such route.",
  413: "The body is larger than 1 MiB.",
  414: "A path parameter is longer than the router accepts.",
  429: "The tenant's rate limit for this route is spent; see Retry-After.",
  500: "An unexpected error; it has been logged.",
  503: "A dependency is unavailable (the token keys, the metadata store).",
} as const;

/** A response of RFC 9457 problem details, as every error is sent: application/problem+json. */
export function problemResponse(description: string) {
  return { description, content: { "application/problem+json": { schema: Type.Ref("Problem") } } };
}

/** The error answers every route may give. */
export const problemResponses = Object.fromEntries(
  Object.entries(PROBLEM_STATUSES).map(([status, description]) => [status, problemResponse(description)]),
) as Record<keyof typeof PROBLEM_STATUSES, ReturnType<typeof problemResponse>>;
