import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";

export const healthRoutes: FastifyPluginAsyncTypebox<{ check: () => Promise<void> }> = async (app, options) => {
  app.get(
    "/health",
    {
      schema: {
        summary: "Liveness and readiness",
        tags: ["operations"],
        response: { 200: Type.Object({ status: Type.Literal("ok") }), 503: Type.Ref("Problem") },
      },
    },
    async () => {
      await options.check();
      return { status: "ok" as const };
    },
  );
};
