import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { problemResponse, problemResponses } from "../schemas/problem.ts";

export const healthRoutes: FastifyPluginAsyncTypebox<{ check: () => Promise<void> }> = async (app, options) => {
  app.get(
    "/health",
    {
      schema: {
        summary: "Liveness and readiness",
        tags: ["operations"],
        response: {
          200: Type.Object({ status: Type.Literal("ok") }),
          414: problemResponses[414],
          500: problemResponses[500],
          503: problemResponse("A dependency the service needs does not answer."),
        },
      },
    },
    async () => {
      await options.check();
      return { status: "ok" as const };
    },
  );
};
