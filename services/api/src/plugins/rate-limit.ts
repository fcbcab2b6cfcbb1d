import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

export interface RateLimitOptions {
  /** Requests one tenant may make per minute to each limited route. */
  perMinute: number;
}

/**
 * A per-tenant budget for the routes that cost something: POST /documents (a record and a URL
 * each) and POST /search (an embedding each). Counted per tenant, not per address, once the
 * tenant is known (preHandler, after authentication); over the budget the answer is a 429
 * problem with Retry-After. Routes opt in with `config: { rateLimit: tenantRateLimit }`.
 */
export const tenantRateLimit = fp(
  async (app: FastifyInstance, options: RateLimitOptions) => {
    await app.register(rateLimit, {
      global: false,
      hook: "preHandler",
      max: options.perMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => `tenant:${request.tenantId}`,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        code: "RATE_LIMITED",
        message: `more than ${context.max} requests a minute to this route; retry after ${context.after}`,
      }),
    });
  },
  { name: "tenant-rate-limit", dependencies: ["tenant-auth"] },
);

/** The per-route switch: these routes count against the tenant's budget. */
export const LIMITED_ROUTE = { rateLimit: {} };
