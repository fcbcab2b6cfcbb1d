import { DOCUMENT_STATUSES } from "@docworker/core/vocabulary";
import { type Static, Type } from "typebox";

// Keys as propertyNames, not patternProperties: OpenAPI tooling (and @fastify/swagger's output)
// turns patternProperties into "any key", which is not what the API accepts.
const Metadata = Type.Unsafe<Record<string, string>>({
  type: "object",
  description: "User metadata: up to 20 string pairs; searchable with `filters.metadata`.",
  propertyNames: { type: "string", pattern: "^[A-Za-z0-9_.-]{1,64}$" },
  additionalProperties: { type: "string", maxLength: 1024 },
  maxProperties: 20,
});

export const DocumentId = Type.String({ pattern: "^doc_[a-z0-9]{16,64}$", description: "Stable document id." });

const ErrorInfo = Type.Object({
  code: Type.String({ description: "Stable reason code, e.g. ENCRYPTED, CORRUPT, NO_TEXT_LAYER." }),
  message: Type.String(),
  retryable: Type.Boolean(),
});

const FieldAssessment = Type.Object({
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  match: Type.Enum(["exact", "normalised", "fuzzy", "none", "empty"], {
    description: "How the value was found in the text; none: nowhere (the confidence is lowered), empty: no value.",
  }),
  evidence: Type.Array(
    Type.Object({
      page: Type.Integer({ minimum: 1 }),
      start: Type.Integer({ minimum: 0, description: "Offset into the page's text." }),
      end: Type.Integer({ minimum: 0 }),
      text: Type.String(),
    }),
  ),
});

const Usage = Type.Object({
  inputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
  embeddingTokens: Type.Integer(),
  estimatedCostUsd: Type.Optional(Type.Number()),
});

/** GET /documents/{id}: a record without the store's internals; `pages` is the public name of pageCount. */
export const DocumentView = Type.Object(
  {
    documentId: DocumentId,
    tenantId: Type.String(),
    filename: Type.String(),
    contentType: Type.Optional(Type.String()),
    size: Type.Optional(Type.Integer()),
    metadata: Metadata,
    status: Type.Enum(DOCUMENT_STATUSES),
    version: Type.Optional(Type.String()),
    attempts: Type.Integer(),
    error: Type.Optional(ErrorInfo),
    pages: Type.Optional(Type.Integer({ description: "Pages, slides or sheets, for formats that have them." })),
    chunkCount: Type.Optional(Type.Integer()),
    recognition: Type.Optional(
      Type.Object(
        {
          engine: Type.String({ description: '"tesseract:eng" on the embedded default, "textract" on AWS.' }),
          pages: Type.Array(
            Type.Object({
              page: Type.Integer(),
              confidence: Type.Number({ minimum: 0, maximum: 1 }),
              characters: Type.Integer(),
              rotation: Type.Optional(Type.Integer({ description: "Degrees the scan was turned to read it." })),
            }),
          ),
          meanConfidence: Type.Number({ minimum: 0, maximum: 1 }),
          lowConfidencePages: Type.Array(Type.Integer(), {
            description: "Pages read with a confidence under OCR_LOW_CONFIDENCE: worth a human look.",
          }),
          pagesWithoutText: Type.Optional(
            Type.Array(Type.Integer(), {
              description:
                "Pages on which nothing legible was found (blank, or a picture without writing). A document with no text anywhere is PROCESSED with no chunks, the generic class and no extraction.",
            }),
          ),
        },
        { description: "Pages whose text was recognised from their image (scans, photos)." },
      ),
    ),
    class: Type.Optional(
      Type.String({ description: "The document's class, whose schema it was extracted against, e.g. receipt." }),
    ),
    classConfidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    classification: Type.Optional(
      Type.Object({
        method: Type.String({
          description: '"given" (named at upload), "local" or "bedrock"; "none" when the document has no text.',
        }),
        model: Type.Optional(Type.String()),
        reason: Type.Optional(Type.String()),
      }),
    ),
    extraction: Type.Optional(
      Type.Object({
        extractor: Type.String({
          description:
            '"rules" on the embedded default ("local-llm" or "rules+local-llm" when configured), "bedrock" on AWS.',
        }),
        model: Type.Optional(Type.String()),
        schemaId: Type.String({ description: "The class's schema and its version, e.g. receipt/v1." }),
        data: Type.Record(Type.String(), Type.Unknown(), { description: "Valid against the class's schema." }),
        fields: Type.Optional(
          Type.Record(Type.String(), FieldAssessment, {
            description: "Per top-level field: confidence, and where in the text the value was found.",
          }),
        ),
      }),
    ),
    embedder: Type.Optional(Type.String({ description: "The embedding model the indexed vectors come from." })),
    usage: Usage,
    createdAt: Type.String({ format: "date-time" }),
    updatedAt: Type.String({ format: "date-time" }),
    processedAt: Type.Optional(Type.String({ format: "date-time" })),
    expiresAt: Type.Optional(
      Type.String({
        format: "date-time",
        description: "While PENDING: if nothing has been uploaded by then, the document is removed.",
      }),
    ),
  },
  { $id: "Document" },
);

export const CreateDocumentBody = Type.Object(
  {
    filename: Type.String({ minLength: 1, maxLength: 255 }),
    contentType: Type.Optional(Type.String({ minLength: 3, maxLength: 255, pattern: "^[\\w.+-]+/[\\w.+-]+$" })),
    metadata: Type.Optional(Metadata),
    class: Type.Optional(
      Type.String({
        pattern: "^[a-z][a-z0-9_-]{0,62}$",
        description: "The document's class, when known: classification is skipped. See GET /classes.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const CreatedDocument = Type.Object({
  documentId: DocumentId,
  status: Type.Literal("PENDING"),
  upload: Type.Object({
    url: Type.String({ description: "PUT the bytes here before expiresAt." }),
    method: Type.Literal("PUT"),
    headers: Type.Record(Type.String(), Type.String(), { description: "Send exactly these headers with the PUT." }),
    expiresAt: Type.String({ format: "date-time" }),
  }),
});

export const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(DOCUMENT_STATUSES)),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false },
);

export const DocumentList = Type.Object({
  items: Type.Array(Type.Ref("Document")),
  nextCursor: Type.Optional(Type.String()),
});

/** DELETE /documents/{id}: accepted; the object's delete event finishes the job. */
export const DeletionAccepted = Type.Object({ documentId: DocumentId, status: Type.Literal("DELETING") });

/** GET /classes: the document classes and the schema each is extracted against. */
export const ClassList = Type.Object({
  items: Type.Array(
    Type.Object({
      name: Type.String(),
      description: Type.String(),
      schemaId: Type.String(),
      schema: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
});

export type DocumentId = Static<typeof DocumentId>;
export type DocumentView = Static<typeof DocumentView>;
export type CreateDocumentBody = Static<typeof CreateDocumentBody>;
export type CreatedDocument = Static<typeof CreatedDocument>;
export type ListQuery = Static<typeof ListQuery>;
/** The items are `$ref`s to the shared Document schema on the wire; typed here as what they are. */
export type DocumentList = Omit<Static<typeof DocumentList>, "items"> & { items: DocumentView[] };
export type DeletionAccepted = Static<typeof DeletionAccepted>;
export type ClassList = Static<typeof ClassList>;
