import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";

/** Resolves who is calling. The embedded default has one tenant; AWS verifies a Cognito JWT. */
export type Authenticate = (request: FastifyRequest) => Promise<{ tenantId: string }>;

declare module "fastify" {
  interface FastifyRequest {
    tenantId: string;
  }
}

/**
 * Every route but the public ones runs with `request.tenantId` set, or answers 401. A public
 * prefix covers its subpaths; a public path only itself (`/`, the web UI's page).
 */
export const tenantAuth = fp(
  async (
    app: FastifyInstance,
    options: { authenticate: Authenticate; publicPrefixes: string[]; publicPaths?: string[] },
  ) => {
    const exact = new Set(options.publicPaths ?? []);
    app.decorateRequest("tenantId", "");
    app.addHook("onRequest", async (request) => {
      const path = request.url.split("?")[0] ?? "";
      if (exact.has(path)) return;
      if (options.publicPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return;
      const { tenantId } = await options.authenticate(request);
      request.tenantId = tenantId;
    });
  },
  { name: "tenant-auth" },
);

export function singleTenant(tenantId: string): Authenticate {
  return async () => ({ tenantId });
}
