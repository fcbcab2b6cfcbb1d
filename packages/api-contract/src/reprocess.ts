import { DOCUMENT_STATUSES } from "@docworker/core/vocabulary";
import { type Static, Type } from "typebox";

export const ReprocessFilter = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal("PROCESSED"), Type.Literal("FAILED")])),
    class: Type.Optional(Type.String({ pattern: "^[a-z][a-z0-9_-]{0,62}$" })),
    createdAfter: Type.Optional(Type.String({ format: "date-time" })),
    createdBefore: Type.Optional(Type.String({ format: "date-time" })),
    schemaId: Type.Optional(
      Type.String({ maxLength: 200, description: 'Extracted under this schema, e.g. "receipt/v1".' }),
    ),
    extractor: Type.Optional(
      Type.String({ maxLength: 100, description: '"rules", "local-llm", "rules+local-llm" or "bedrock".' }),
    ),
    model: Type.Optional(Type.String({ maxLength: 300 })),
  },
  {
    additionalProperties: false,
    description: "Every condition given must hold; only PROCESSED and FAILED documents are ever taken.",
  },
);

export const ReprocessBody = Type.Object({ filter: Type.Optional(ReprocessFilter) }, { additionalProperties: false });

export const Job = Type.Object(
  {
    jobId: Type.String(),
    status: Type.Union([Type.Literal("RUNNING"), Type.Literal("SUCCEEDED")]),
    filter: Type.Record(Type.String(), Type.Unknown()),
    matched: Type.Integer({ description: "Documents the filter took so far, each sent through the queue." }),
    listed: Type.Boolean({ description: "Every document has been looked at: `matched` is final." }),
    processed: Type.Integer(),
    failed: Type.Integer(),
    skipped: Type.Integer({ description: "Deleted or re-uploaded before their turn." }),
    createdAt: Type.String({ format: "date-time" }),
    updatedAt: Type.String({ format: "date-time" }),
  },
  { $id: "Job" },
);

export const ReprocessAccepted = Type.Object({
  documentId: Type.String(),
  status: Type.String({
    description: `The status before reprocessing (one of ${DOCUMENT_STATUSES.join(", ")}); it becomes PROCESSING when the worker takes it.`,
  }),
});

export type ReprocessFilter = Static<typeof ReprocessFilter>;
export type ReprocessBody = Static<typeof ReprocessBody>;
export type Job = Static<typeof Job>;
export type ReprocessAccepted = Static<typeof ReprocessAccepted>;
