import type { Readable } from "node:stream";
import type { FastifyPluginAsync } from "fastify";
import { HttpProblem } from "../http-problem.ts";

/**
 * What the embedded blob store offers for its pre-signed URLs: check a request against the
 * signature, then store the body within the signed limits. On AWS, S3 plays this role itself.
 */
export interface UploadReceiver {
  /** Throws an error with a `code` (SIGNATURE_INVALID, URL_EXPIRED, TOO_LARGE, CONTENT_TYPE_MISMATCH, UPLOAD_USED). */
  verify(request: UploadRequestFacts): Promise<void> | void;
  store(request: UploadRequestFacts, body: Readable): Promise<void>;
}

export interface UploadRequestFacts {
  bucket: string;
  key: string;
  query: Record<string, string>;
  contentType?: string;
  contentLength?: number;
}

const STATUS_BY_CODE: Record<string, number> = {
  SIGNATURE_INVALID: 403,
  URL_EXPIRED: 403,
  CONTENT_TYPE_MISMATCH: 403,
  TOO_LARGE: 413,
  LENGTH_REQUIRED: 411,
  UPLOAD_USED: 412,
};

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
          if (code && code in STATUS_BY_CODE) {
            throw new HttpProblem(STATUS_BY_CODE[code] as number, code, (error as Error).message);
          }
          throw error;
        }
        return reply.status(200).send();
      },
    );
  };
}
