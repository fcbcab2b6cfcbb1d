import { ReprocessAccepted, ReprocessBody } from "@docworker/api-contract";
import {
  isDocumentId,
  NotReprocessable,
  type PipelineDependencies,
  type ReprocessFilter,
  reprocessDepsOf,
  requestReprocess,
  startReprocessJob,
  toJobView,
} from "@docworker/core";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { HttpProblem, notFound } from "../http-problem.ts";
import { problemResponse, problemResponses } from "../schemas/problem.ts";

export type ReprocessRouteDeps = Pick<PipelineDependencies, "config" | "metadata" | "clock"> &
  Partial<Pick<PipelineDependencies, "queue" | "jobs">>;

const conflict = {
  409: problemResponse(
    "The document is not PROCESSED or FAILED (NOT_REPROCESSABLE): in flight, awaiting upload, or deleted.",
  ),
};

/** Reprocessing through the same queue as uploads: one document, or a job over a filter. */
export const reprocessRoutes: FastifyPluginAsyncTypebox<{ deps: ReprocessRouteDeps }> = async (app, { deps }) => {
  const reprocess = () => {
    // An API task without the ingestion queue's URL cannot send anything to reprocess.
    if (!deps.queue || !deps.jobs) {
      throw new HttpProblem(
        503,
        "REPROCESS_UNAVAILABLE",
        "this API has no ingestion queue configured (INGEST_QUEUE_URL)",
      );
    }
    return reprocessDepsOf(deps as PipelineDependencies);
  };

  app.post(
    "/documents/:documentId/reprocess",
    {
      schema: {
        summary: "Process a document again under the current classes, schemas and models",
        description:
          "Sends the document's recorded version through the queue again: classification, extraction, embeddings and index entries are made anew. Only PROCESSED and FAILED documents (409 otherwise).",
        tags: ["documents"],
        params: Type.Object({ documentId: Type.String({ maxLength: 80 }) }),
        response: { 202: ReprocessAccepted, ...problemResponses, ...conflict },
      },
    },
    async (request, reply) => {
      const key = { tenantId: request.tenantId, documentId: request.params.documentId };
      try {
        const record = isDocumentId(key.documentId) ? await requestReprocess(reprocess(), key) : undefined;
        if (!record) throw notFound(`document ${key.documentId}`);
        return reply.status(202).send({ documentId: record.documentId, status: record.status });
      } catch (error) {
        if (error instanceof NotReprocessable) throw new HttpProblem(409, "NOT_REPROCESSABLE", error.message);
        throw error;
      }
    },
  );

  app.post(
    "/reprocess",
    {
      schema: {
        summary: "Start a job that reprocesses every document a filter takes",
        description:
          "The job walks the caller's documents page by page and sends those the filter takes through the queue at a bounded rate (REPROCESS_RATE_PER_SECOND). Follow it with GET /jobs/{jobId}.",
        tags: ["documents"],
        body: ReprocessBody,
        response: { 202: Type.Ref("Job"), ...problemResponses },
      },
    },
    async (request, reply) => {
      const job = await startReprocessJob(
        reprocess(),
        request.tenantId,
        (request.body.filter ?? {}) as ReprocessFilter,
      );
      return reply.status(202).send(job);
    },
  );

  app.get(
    "/jobs/:jobId",
    {
      schema: {
        summary: "A reprocess job's progress",
        tags: ["documents"],
        params: Type.Object({ jobId: Type.String({ maxLength: 80 }) }),
        response: { 200: Type.Ref("Job"), ...problemResponses },
      },
    },
    async (request) => {
      // A reprocess job's random id, or the one job that fills a vector space (job_reembed_{space key}).
      const job = /^job_(?:[a-f0-9]{20}|reembed_[a-z0-9-]{1,64})$/.test(request.params.jobId)
        ? await deps.jobs?.get(request.tenantId, request.params.jobId)
        : undefined;
      if (!job) throw notFound(`job ${request.params.jobId}`);
      return toJobView(job);
    },
  );
};
