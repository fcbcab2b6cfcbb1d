import { type FastifyReply, type FastifyRequest, LogController } from "fastify";

/** Load balancer and container health probes: one every few seconds, of no interest at info. */
const PROBE_PATHS = new Set(["/health"]);

function pathOf(request: FastifyRequest): string {
  return (request.raw.url ?? request.url ?? "").split("?")[0] ?? "";
}

function isProbe(request: FastifyRequest): boolean {
  return PROBE_PATHS.has(pathOf(request));
}

/**
 * What a request line says about the request: method and path. Fastify's own lines serialise
 * the whole URL, and a pre-signed upload URL carries its signature in the query; no query
 * string, header or token is ever logged.
 */
function requestFacts(request: FastifyRequest): { method: string; path: string } {
  return { method: request.method, path: pathOf(request) };
}

function replyFacts(request: FastifyRequest, reply: FastifyReply) {
  return { ...requestFacts(request), statusCode: reply.statusCode, responseTime: reply.elapsedTime };
}

/**
 * Fastify's per-request log lines, path only, with the request id under `requestId`, and
 * successful health probes at debug instead of info (a failing probe still logs as an error).
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: "requestId" });
  }

  override incomingRequest(request: FastifyRequest): void {
    if (isProbe(request)) request.log.debug(requestFacts(request), "incoming request");
    else request.log.info(requestFacts(request), "incoming request");
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ ...replyFacts(request, reply), err: error }, "request errored");
    else if (isProbe(request) && reply.statusCode < 500)
      reply.log.debug(replyFacts(request, reply), "request completed");
    else reply.log.info(replyFacts(request, reply), "request completed");
  }

  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    const level = reply.statusCode >= 500 ? "error" : "info";
    reply.log[level]({ ...replyFacts(request, reply), err: error }, error?.message);
  }

  override routeNotFound(request: FastifyRequest): void {
    request.log.info(requestFacts(request), "route not found");
  }

  override writeHeadError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    reply.log.warn({ ...replyFacts(request, reply), err: error }, error?.message);
  }
}
