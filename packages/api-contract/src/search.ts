import { SEARCH_MODES } from "@docworker/core/vocabulary";
import { type Static, Type } from "typebox";

export const SearchBody = Type.Object(
  {
    query: Type.String({ minLength: 1, maxLength: 2000 }),
    // Optional in the document (a default fills them in), so a body without them is valid.
    k: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
    mode: Type.Optional(
      Type.Enum(SEARCH_MODES, {
        default: "hybrid",
        description: "keyword = BM25, vector = embeddings, hybrid = reciprocal rank fusion of both.",
      }),
    ),
    filters: Type.Optional(
      Type.Object(
        {
          contentType: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })),
          filenamePrefix: Type.Optional(Type.String({ maxLength: 255 })),
          createdAfter: Type.Optional(Type.String({ format: "date-time" })),
          createdBefore: Type.Optional(Type.String({ format: "date-time" })),
          metadata: Type.Optional(Type.Record(Type.String(), Type.String(), { maxProperties: 10 })),
        },
        { additionalProperties: false, default: {} },
      ),
    ),
  },
  { additionalProperties: false },
);

export const SearchResponse = Type.Object({
  mode: Type.String(),
  tookMs: Type.Number(),
  results: Type.Array(
    Type.Object({
      documentId: Type.String(),
      chunkId: Type.String(),
      score: Type.Number(),
      text: Type.String(),
      snippet: Type.String({ description: "HTML-escaped text with the query terms wrapped in <mark>." }),
      page: Type.Optional(Type.Integer({ description: "First page of the chunk, for paginated formats." })),
      pageEnd: Type.Optional(Type.Integer({ description: "Last page, when the chunk spans pages." })),
      headingPath: Type.Array(Type.String()),
      filename: Type.String(),
      contentType: Type.String(),
      metadata: Type.Optional(Type.Record(Type.String(), Type.String())),
      recognizedConfidence: Type.Optional(
        Type.Number({
          minimum: 0,
          maximum: 1,
          description: "Present when the hit's text was recognised from page images (OCR): the engine's confidence.",
        }),
      ),
    }),
  ),
});

export type SearchBody = Static<typeof SearchBody>;
export type SearchResponse = Static<typeof SearchResponse>;
export type SearchHit = SearchResponse["results"][number];
export type SearchFilters = NonNullable<SearchBody["filters"]>;
export type SearchMode = NonNullable<SearchBody["mode"]>;
