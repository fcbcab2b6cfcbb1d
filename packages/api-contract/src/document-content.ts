import { type Static, Type } from "typebox";

/** One chunk of a PROCESSED document, as GET /documents/{id}/chunks lists them. */
export const ChunkView = Type.Object({
  chunkId: Type.String(),
  ordinal: Type.Integer(),
  text: Type.String(),
  pageStart: Type.Optional(Type.Integer({ description: "1-based first page, for paginated formats." })),
  pageEnd: Type.Optional(Type.Integer()),
  headingPath: Type.Array(Type.String()),
  tokenCount: Type.Integer(),
});

export const ChunkList = Type.Object({ items: Type.Array(ChunkView) });

/** GET /extraction-schema: the JSON Schema extractions are made against, with its id. */
export const ExtractionSchemaView = Type.Object({
  id: Type.String(),
  schema: Type.Record(Type.String(), Type.Unknown()),
});

export type ChunkView = Static<typeof ChunkView>;
export type ChunkList = Static<typeof ChunkList>;
export type ExtractionSchemaView = Static<typeof ExtractionSchemaView>;
