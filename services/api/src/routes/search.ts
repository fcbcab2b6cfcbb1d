import { SearchBody, SearchResponse } from "@docworker/api-contract";
import { type SearchDependencies, searchDocuments } from "@docworker/core";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { LIMITED_ROUTE } from "../plugins/rate-limit.ts";
import { problemResponses } from "../schemas/problem.ts";

export type SearchRouteDeps = SearchDependencies;

export const searchRoutes: FastifyPluginAsyncTypebox<{ deps: SearchRouteDeps }> = async (app, { deps }) => {
  app.post(
    "/search",
    {
      schema: {
        summary: "Semantic, keyword or hybrid search over the caller's documents",
        description:
          "Filters are applied inside the index query. Documents become searchable once PROCESSED; on OpenSearch Serverless allow up to a minute for the index refresh.",
        tags: ["search"],
        body: SearchBody,
        response: { 200: SearchResponse, ...problemResponses },
      },
      config: LIMITED_ROUTE,
    },
    async (request) => {
      const { query, k = 10, mode = "hybrid", filters = {} } = request.body;
      return searchDocuments(deps, { tenantId: request.tenantId, query, k, mode, filters });
    },
  );
};
