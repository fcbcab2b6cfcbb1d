import type { FastifyError, FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { HttpProblem } from "../http-problem.ts";

/**
 * Every error leaves the API as RFC 9457 problem details with a stable `code`. Unexpected errors
 * are logged with their stack and answered without internals.
 */
/** The 4xx status Fastify attached to an error (bad JSON, body too large…), if any. */
function clientStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: number }).statusCode;
  return status !== undefined && status >= 400 && status < 500 ? status : undefined;
}

export const problemDetails = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError | HttpProblem, request, reply) => {
      let status: number;
      let code: string;
      let title: string;
      let detail: string;
      if (error instanceof HttpProblem) {
        ({ status, code, title } = error);
        detail = error.message;
        // e.g. WWW-Authenticate on a 401, as RFC 6750 asks
        const headers = (error as { headers?: Record<string, string> }).headers;
        if (headers) reply.headers(headers);
      } else if ((error as FastifyError).validation) {
        status = 400;
        code = "VALIDATION_FAILED";
        title = "Request does not match the schema";
        detail = error.message;
      } else if (clientStatus(error) !== undefined) {
        status = clientStatus(error) as number;
        code = (error as FastifyError).code ?? "BAD_REQUEST";
        title = "Bad request";
        detail = error.message;
      } else {
        request.log.error({ err: error }, "unhandled error");
        status = 500;
        code = "INTERNAL";
        title = "Internal error";
        detail = "The server could not complete the request; it has been logged.";
      }
      reply
        .status(status)
        .type("application/problem+json")
        .send({ type: `https://docworker.dev/problems/${code.toLowerCase()}`, title, status, detail, code });
    });
    app.setNotFoundHandler((request, reply) => {
      reply
        .status(404)
        .type("application/problem+json")
        .send({
          type: "https://docworker.dev/problems/not_found",
          title: "Not found",
          status: 404,
          detail: `no route ${request.method} ${request.url}`,
          code: "NOT_FOUND",
        });
    });
  },
  { name: "problem-details" },
);
