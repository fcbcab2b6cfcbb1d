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

/** Which methods each route path serves, learnt as routes are added. */
class RouteMethods {
  readonly #routes: { pattern: RegExp; methods: Set<string>; wildcard: boolean }[] = [];

  add(url: string, methods: string | string[]): void {
    const parts = url.split("/");
    const source = parts
      .map((part) =>
        part.startsWith(":") ? "[^/]+" : part === "*" ? ".*" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
      )
      .join("/");
    this.#routes.push({
      pattern: new RegExp(`^${source}$`),
      methods: new Set([methods].flat()),
      wildcard: parts.includes("*"),
    });
  }

  /**
   * The methods some route serves on this path: another method is a 405, not a 404. Routes
   * named for the path win over catch-alls (the UI's static files match every path).
   */
  allowed(path: string): string[] {
    const matching = this.#routes.filter((route) => route.pattern.test(path));
    const named = matching.filter((route) => !route.wildcard);
    const methods = new Set((named.length > 0 ? named : matching).flatMap((route) => [...route.methods]));
    return [...methods].sort();
  }
}

const CLIENT_ERROR_TITLES: Record<number, string> = {
  413: "Payload too large",
  414: "URI too long",
  415: "Unsupported media type",
  429: "Too many requests",
};

export const problemDetails = fp(
  async (app: FastifyInstance) => {
    const routes = new RouteMethods();
    app.addHook("onRoute", (route) => {
      routes.add(route.url, route.method);
    });
    const allowedMethods = (_app: FastifyInstance, path: string) => routes.allowed(path);
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
      } else if ((error as FastifyError).code === "FST_ERR_ROUTE_MISSING_CONTENT_TYPE" && !request.routeOptions?.url) {
        // A body method the router does not know (QUERY…): refused before routing, still a 405.
        const allowed = allowedMethods(app, request.url.split("?")[0] ?? "");
        status = allowed.length > 0 ? 405 : 404;
        code = status === 405 ? "METHOD_NOT_ALLOWED" : "NOT_FOUND";
        title = status === 405 ? "Method not allowed" : "Not found";
        detail = `${request.method} is not supported here`;
        if (allowed.length > 0) reply.header("allow", allowed.join(", "));
      } else if ((error as FastifyError).validation) {
        status = 400;
        code = "VALIDATION_FAILED";
        title = "Request does not match the schema";
        detail = error.message;
      } else if (clientStatus(error) !== undefined) {
        status = clientStatus(error) as number;
        code = (error as FastifyError).code ?? "BAD_REQUEST";
        title = CLIENT_ERROR_TITLES[status] ?? "Bad request";
        detail = error.message;
        // A body refused unread leaves the connection in an unknown state: do not reuse it.
        if (status === 413) reply.header("connection", "close");
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
      const path = request.url.split("?")[0] ?? "";
      const allowed = allowedMethods(app, path);
      // A route that serves this method and found nothing (a static file that is not there) is a 404.
      if (allowed.length > 0 && !allowed.includes(request.method)) {
        reply
          .status(405)
          .header("allow", allowed.join(", "))
          .type("application/problem+json")
          .send({
            type: "https://docworker.dev/problems/method_not_allowed",
            title: "Method not allowed",
            status: 405,
            detail: `${request.method} is not supported on ${path}; use ${allowed.join(", ")}`,
            code: "METHOD_NOT_ALLOWED",
          });
        return;
      }
      reply
        .status(404)
        .type("application/problem+json")
        .send({
          type: "https://docworker.dev/problems/not_found",
          title: "Not found",
          status: 404,
          detail: `no route ${request.method} ${path}`,
          code: "NOT_FOUND",
        });
    });
  },
  { name: "problem-details" },
);
