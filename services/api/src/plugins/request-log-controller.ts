import { type FastifyReply, type FastifyRequest, LogController } from "fastify";

/** Load balancer and container health probes: one every few seconds, of no interest at info. */
const PROBE_PATHS = new Set(["/health"]);

function isProbe(request: FastifyRequest): boolean {
  return PROBE_PATHS.has((request.url ?? "").split("?")[0] ?? "");
}

/**
 * Fastify's per-request log lines, with the request id under `requestId`, and successful health
 * probes at debug instead of info (a failing probe still logs as an error).
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: "requestId" });
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (isProbe(request)) request.log.debug({ req: request }, "incoming request");
    else super.incomingRequest(request, reply, metadata);
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ): void {
    if (isProbe(request) && !error && reply.statusCode < 500)
      reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, "request completed");
    else super.requestCompleted(error, request, reply, metadata);
  }
}
