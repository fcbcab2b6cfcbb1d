import { ChunkList, ExtractionSchemaView } from "@docworker/api-contract";
import {
  type DocumentRecord,
  type ExtractionSchema,
  isDocumentId,
  type PipelineDependencies,
  processedObjectKey,
} from "@docworker/core";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { HttpProblem, notFound } from "../http-problem.ts";
import { problemResponse, problemResponses } from "../schemas/problem.ts";

export type DocumentContentDeps = Pick<PipelineDependencies, "config" | "metadata" | "blobs"> & {
  extractionSchema?: ExtractionSchema;
};

const IdParams = Type.Object({ documentId: Type.String({ maxLength: 80 }) });

/**
 * What a reader of one document needs beyond its record: its chunks (from the processed JSON),
 * the uploaded file itself (to show a PDF page), and the schema its extraction follows.
 */
export const documentContentRoutes: FastifyPluginAsyncTypebox<{ deps: DocumentContentDeps }> = async (
  app,
  { deps },
) => {
  const processedRecord = async (tenantId: string, documentId: string): Promise<DocumentRecord> => {
    // Another tenant's id is answered exactly like an unknown one: no existence leak.
    const record = isDocumentId(documentId) ? await deps.metadata.get({ tenantId, documentId }) : undefined;
    if (!record || record.status === "DELETED") throw notFound(`document ${documentId}`);
    return record;
  };

  app.get(
    "/documents/:documentId/chunks",
    {
      schema: {
        summary: "The chunks of a PROCESSED document, in order, with their pages",
        tags: ["documents"],
        params: IdParams,
        response: {
          200: ChunkList,
          409: problemResponse("The document is not PROCESSED (yet): it has no chunks."),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const record = await processedRecord(request.tenantId, request.params.documentId);
      if (record.status !== "PROCESSED")
        throw new HttpProblem(
          409,
          "NOT_PROCESSED",
          `document ${record.documentId} is ${record.status}`,
          "Not processed",
        );
      const stored = await deps.blobs.get({ bucket: deps.config.processedBucket, key: processedObjectKey(record) });
      if (!stored) throw notFound(`the processed output of ${record.documentId}`);
      const body = JSON.parse(new TextDecoder().decode(stored.body)) as { chunks?: Record<string, unknown>[] };
      const items = (body.chunks ?? []).map((chunk) => ({
        chunkId: String(chunk.chunkId),
        ordinal: Number(chunk.ordinal),
        text: String(chunk.text ?? ""),
        ...(typeof chunk.pageStart === "number" ? { pageStart: chunk.pageStart } : {}),
        ...(typeof chunk.pageEnd === "number" ? { pageEnd: chunk.pageEnd } : {}),
        headingPath: Array.isArray(chunk.headingPath) ? chunk.headingPath.map(String) : [],
        tokenCount: Number(chunk.tokenCount ?? 0),
      }));
      return { items };
    },
  );

  app.get(
    "/documents/:documentId/content",
    {
      schema: {
        summary: "The uploaded file, as an attachment",
        description:
          "For viewers (the web UI draws PDF pages from it). Always sent as an attachment under a sandboxing Content-Security-Policy, so an uploaded HTML file never runs on this origin.",
        tags: ["documents"],
        params: IdParams,
        response: {
          // Any media type: the one it was uploaded as.
          200: {
            description: "The bytes as uploaded, under the content type they were uploaded with.",
            content: { "*/*": { schema: { type: "string", format: "binary" } } },
          },
          409: problemResponse("The document is PENDING: nothing has been uploaded for it yet."),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const record = await processedRecord(request.tenantId, request.params.documentId);
      // The record exists before its file: a document still waiting for its upload is no 404.
      if (record.status === "PENDING")
        throw new HttpProblem(409, "NOT_UPLOADED", `document ${record.documentId} has no upload yet`, "Not uploaded");
      const stored = await deps.blobs.get(record.source);
      if (!stored) throw notFound(`the file of ${record.documentId}`);
      const filename = record.filename.replace(/[^\w.-]+/g, "_") || "document";
      return reply
        .header("content-type", record.contentType ?? stored.contentType ?? "application/octet-stream")
        .header("content-disposition", `attachment; filename="${filename}"`)
        .header("content-security-policy", "sandbox; default-src 'none'")
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(Buffer.from(stored.body));
    },
  );

  app.get(
    "/extraction-schema",
    {
      schema: {
        summary: "The JSON Schema extractions are made against, with its id",
        tags: ["documents"],
        response: {
          200: ExtractionSchemaView,
          ...problemResponses,
        },
      },
    },
    async () => {
      if (!deps.extractionSchema) throw notFound("an extraction schema");
      return { id: deps.extractionSchema.id, schema: deps.extractionSchema.schema };
    },
  );
};
