import { DocumentView, Job, Problem } from "@docworker/api-contract";
import type { PipelineDependencies } from "@docworker/core";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from "fastify";
import { serializersCompiledOnFirstUse } from "./compile-on-first-use.ts";
import { problemDetails } from "./plugins/problem-details.ts";
import { tenantRateLimit } from "./plugins/rate-limit.ts";
import { RequestLogController } from "./plugins/request-log-controller.ts";
import { type Authenticate, tenantAuth } from "./plugins/tenant-auth.ts";
import { WEB_UI_PAGE_PATH, WEB_UI_PUBLIC_PREFIXES, type WebUiOptions, webUi } from "./plugins/web-ui.ts";
import { requestValidatorCompiler } from "./request-validators.ts";
import { documentContentRoutes } from "./routes/document-content.ts";
import { documentRoutes } from "./routes/documents.ts";
import { healthRoutes } from "./routes/health.ts";
import { reprocessRoutes } from "./routes/reprocess.ts";
import { searchRoutes } from "./routes/search.ts";
import { type ApiHttpConfig, loadApiHttpConfig, serverTimeouts } from "./server-options.ts";

export interface ApiOptions {
  deps: Pick<PipelineDependencies, "config" | "metadata" | "blobs" | "index" | "embedder" | "clock" | "rerank"> &
    Partial<Pick<PipelineDependencies, "extractionSchema" | "classes" | "queue" | "jobs" | "spaces">>;
  authenticate: Authenticate;
  /** Adapter-specific routes, e.g. the embedded store's pre-signed upload receiver. */
  extraRoutes?: { plugin: FastifyPluginAsync; publicPrefix?: string }[];
  healthCheck?: () => Promise<void>;
  /** The browser UI at `/`; without it the API serves only its JSON routes and /docs. */
  webUi?: WebUiOptions;
  logger?: FastifyServerOptions["loggerInstance"] | boolean;
  /** Whether callers authenticate with a bearer token; the OpenAPI document says so only then. */
  bearerAuth?: boolean;
  /** Timeouts and the rate limit; by default from the process environment. */
  http?: ApiHttpConfig;
}

const VERSION = "0.1.0";

export async function buildApiApp(options: ApiOptions): Promise<FastifyInstance> {
  const http = options.http ?? loadApiHttpConfig();
  const bearerAuth = options.bearerAuth ?? true;
  const app = Fastify({
    ...(typeof options.logger === "object" ? { loggerInstance: options.logger } : { logger: options.logger ?? false }),
    ...serverTimeouts(http.limits),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", useDefaults: true } },
    bodyLimit: 1024 * 1024,
    // Long path parameters reach the route's schema and get a 400 problem, rather than the
    // router's own 414 in plain JSON.
    routerOptions: { maxParamLength: 2048 },
    // The document id is logged on every line where there is one; request ids tie lines together.
    // Request lines carry the path only: an upload URL's query holds its signature.
    logController: new RequestLogController(),
    schemaController: { compilersFactory: { buildSerializer: serializersCompiledOnFirstUse() } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(requestValidatorCompiler());
  app.addSchema(Problem);
  app.addSchema(DocumentView);
  app.addSchema(Job);
  await app.register(problemDetails);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "docworker",
        version: VERSION,
        description:
          "Upload documents through pre-signed URLs, follow their processing, and search them by keyword, vector or both.",
      },
      tags: [{ name: "documents" }, { name: "search" }, { name: "operations" }],
      ...(bearerAuth
        ? {
            components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
            security: [{ bearer: [] }],
          }
        : {}),
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === "string" ? json.$id : `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  const extraPrefixes = (options.extraRoutes ?? []).flatMap((r) => (r.publicPrefix ? [r.publicPrefix] : []));
  await app.register(tenantAuth, {
    authenticate: options.authenticate,
    publicPrefixes: [
      "/health",
      "/docs",
      "/openapi.json",
      ...extraPrefixes,
      ...(options.webUi ? WEB_UI_PUBLIC_PREFIXES : []),
    ],
    ...(options.webUi ? { publicPaths: [WEB_UI_PAGE_PATH] } : {}),
  });
  await app.register(tenantRateLimit, { perMinute: http.rateLimitPerMinute });
  if (options.webUi) await app.register(webUi, options.webUi);
  await app.register(healthRoutes, { check: options.healthCheck ?? (async () => {}) });
  await app.register(documentRoutes, { deps: options.deps });
  await app.register(documentContentRoutes, { deps: options.deps });
  await app.register(reprocessRoutes, { deps: options.deps });
  await app.register(searchRoutes, {
    deps: {
      index: options.deps.index,
      embedder: options.deps.embedder,
      ...(options.deps.spaces ? { spaces: options.deps.spaces } : {}),
      rrfK: options.deps.config.search.rrfK,
      ...(options.deps.rerank ? { rerank: options.deps.rerank } : {}),
    },
  });
  for (const extra of options.extraRoutes ?? []) await app.register(extra.plugin);
  return app;
}
