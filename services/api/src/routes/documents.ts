import {
  ClassList,
  CreateDocumentBody,
  CreatedDocument,
  DeletionAccepted,
  DocumentList,
  type DocumentView,
  ListQuery,
} from "@docworker/api-contract";
import {
  classCatalogOf,
  type DocumentRecord,
  InvalidCursorError,
  isDocumentId,
  type PipelineDependencies,
  registerUpload,
  requestDeletion,
} from "@docworker/core";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { HttpProblem, notFound } from "../http-problem.ts";
import { LIMITED_ROUTE } from "../plugins/rate-limit.ts";
import { problemResponses } from "../schemas/problem.ts";

export type DocumentRouteDeps = Pick<PipelineDependencies, "config" | "metadata" | "blobs" | "clock"> &
  Partial<Pick<PipelineDependencies, "classes" | "extractionSchema">>;

const IdParams = Type.Object({ documentId: Type.String({ maxLength: 80 }) });

/**
 * The contract's view of a record: `pages` is the public name of pageCount; where the object is
 * stored, its sequencer and the lease stay inside. Typed by the contract, so a field the record
 * gains is not sent until the contract names it.
 */
function present(record: DocumentRecord): DocumentView {
  const { pageCount, source: _source, sequencer: _sequencer, lease: _lease, ...rest } = record;
  return { ...rest, ...(pageCount === undefined ? {} : { pages: pageCount }) } satisfies DocumentView;
}

export const documentRoutes: FastifyPluginAsyncTypebox<{ deps: DocumentRouteDeps }> = async (app, { deps }) => {
  app.post(
    "/documents",
    {
      schema: {
        summary: "Announce a document and get a pre-signed URL to upload it to",
        description:
          'Creates a PENDING record and returns a URL valid for a limited time. PUT the bytes to `upload.url` with `upload.headers`; the upload\'s "Object Created" event starts processing.',
        tags: ["documents"],
        body: CreateDocumentBody,
        response: { 201: CreatedDocument, ...problemResponses },
      },
      config: LIMITED_ROUTE,
    },
    async (request, reply) => {
      const requestedClass = request.body.class;
      const catalog = classCatalogOf(deps);
      if (requestedClass !== undefined && !catalog.has(requestedClass)) {
        throw new HttpProblem(
          400,
          "UNKNOWN_CLASS",
          `class "${requestedClass}" is not configured; the classes are: ${catalog.names.join(", ")}`,
          "Unknown class",
        );
      }
      const created = await registerUpload(deps, {
        ...(requestedClass ? { class: requestedClass } : {}),
        tenantId: request.tenantId,
        filename: request.body.filename,
        ...(request.body.contentType ? { contentType: request.body.contentType } : {}),
        ...(request.body.metadata ? { metadata: request.body.metadata } : {}),
      });
      request.log.info({ documentId: created.documentId }, "upload registered");
      return reply
        .status(201)
        .send({ documentId: created.documentId, status: "PENDING" as const, upload: created.upload });
    },
  );

  app.get(
    "/classes",
    {
      schema: {
        summary: "The document classes: what each is, and the schema its documents are extracted against",
        tags: ["documents"],
        response: {
          200: ClassList,
          ...problemResponses,
        },
      },
    },
    async () => ({
      items: classCatalogOf(deps).classes.map((c) => ({
        name: c.name,
        description: c.description,
        schemaId: c.schema.id,
        schema: c.schema.schema,
      })),
    }),
  );

  app.get(
    "/documents/:documentId",
    {
      schema: {
        summary: "A document's record: status, error, extraction, pages, chunks, usage",
        description:
          "PROCESSED means the chunks are written to the index; on OpenSearch Serverless they become searchable after the collection's refresh interval (up to a minute).",
        tags: ["documents"],
        params: IdParams,
        response: { 200: Type.Ref("Document"), ...problemResponses },
      },
    },
    async (request) => {
      const record = await findRecord(deps, request.tenantId, request.params.documentId);
      return present(record);
    },
  );

  app.get(
    "/documents",
    {
      schema: {
        summary: "List the caller's documents, newest change first",
        tags: ["documents"],
        querystring: ListQuery,
        response: { 200: DocumentList, ...problemResponses },
      },
    },
    async (request) => {
      const page = await deps.metadata
        .list(request.tenantId, {
          limit: request.query.limit,
          ...(request.query.status ? { status: request.query.status } : {}),
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        })
        .catch((error: unknown) => {
          if (error instanceof InvalidCursorError) {
            throw new HttpProblem(400, "INVALID_CURSOR", "the cursor was not made by this API for this list");
          }
          throw error;
        });
      const list: DocumentList = {
        items: page.items.map(present),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
      return list;
    },
  );

  app.delete(
    "/documents/:documentId",
    {
      schema: {
        summary: "Delete a document",
        description:
          'Deletes the uploaded object; its "Object Deleted" event removes the chunks and the processed JSON and marks the record DELETED.',
        tags: ["documents"],
        params: IdParams,
        response: {
          202: DeletionAccepted,
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const key = { tenantId: request.tenantId, documentId: request.params.documentId };
      if (!isDocumentId(key.documentId) || !(await requestDeletion(deps, key)))
        throw notFound(`document ${key.documentId}`);
      return reply.status(202).send({ documentId: key.documentId, status: "DELETING" as const });
    },
  );
};

async function findRecord(deps: DocumentRouteDeps, tenantId: string, documentId: string): Promise<DocumentRecord> {
  // An id from another tenant is answered exactly like an unknown one: no existence leak.
  const record = isDocumentId(documentId) ? await deps.metadata.get({ tenantId, documentId }) : undefined;
  if (!record) throw notFound(`document ${documentId}`);
  return record;
}
