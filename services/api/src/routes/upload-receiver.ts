import type { Readable } from "node:stream";
import {
  isUploadRefusalCode,
  UPLOAD_REFUSAL_STATUS,
  type UploadReceiver,
  type UploadRequestFacts,
} from "@docworker/core";
import type { FastifyPluginAsync } from "fastify";
import { HttpProblem } from "../http-problem.ts";

/** PUT /uploads/{bucket}/{key…}: the target of the embedded store's pre-signed URLs. */
export function uploadReceiverRoutes(receiver: UploadReceiver): FastifyPluginAsync {
  return async (app) => {
    // The body is streamed to the store, never buffered or parsed, whatever its type (JSON too).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
    app.put<{ Params: { bucket: string; "*": string }; Querystring: Record<string, string> }>(
      "/uploads/:bucket/*",
      { schema: { hide: true } },
      async (request, reply) => {
        const length = request.headers["content-length"];
        const facts: UploadRequestFacts = {
          bucket: request.params.bucket,
          key: request.params["*"],
          query: request.query,
          ...(request.headers["content-type"] ? { contentType: request.headers["content-type"] } : {}),
          ...(length === undefined ? {} : { contentLength: Number(length) }),
        };
        try {
          await receiver.verify(facts);
          await receiver.store(facts, request.body as Readable);
        } catch (error) {
          // The body of a refused upload is not read: the connection cannot be reused.
          reply.header("connection", "close");
          const code = (error as { code?: string }).code;
          if (isUploadRefusalCode(code)) {
            throw new HttpProblem(UPLOAD_REFUSAL_STATUS[code], code, (error as Error).message);
          }
          throw error;
        }
        return reply.status(200).send();
      },
    );
  };
}
