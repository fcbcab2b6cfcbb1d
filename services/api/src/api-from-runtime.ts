import type { Runtime } from "@docworker/runtime";
import type { FastifyInstance } from "fastify";
import { type ApiOptions, buildApiApp } from "./app.ts";
import type { Authenticate } from "./plugins/tenant-auth.ts";
import type { WebUiOptions } from "./plugins/web-ui.ts";
import { uploadReceiverRoutes } from "./routes/upload-receiver.ts";
import { selectAuthenticate } from "./select-authenticate.ts";
import { type ApiHttpConfig, loadApiHttpConfig } from "./server-options.ts";
import { webUiSettings } from "./web-ui-settings.ts";

export interface ApiFromRuntimeOptions {
  /** Where the API's own settings (timeouts, rate limit, the UI's origins) are read; default process.env. */
  env?: Record<string, string | undefined>;
  /** Overrides for tests: who the caller is, the UI (false: none), the HTTP settings, the logger. */
  authenticate?: Authenticate;
  webUi?: WebUiOptions | false;
  http?: ApiHttpConfig;
  logger?: ApiOptions["logger"];
}

/**
 * The API as a runtime serves it: the one place that turns a runtime into the HTTP app, for the
 * API container, `make run` and the tests alike. The embedded runtime's upload receiver is
 * mounted under /uploads; the caller listens, then tells the uploads its public address.
 */
export async function buildApiFromRuntime(
  runtime: Runtime,
  options: ApiFromRuntimeOptions = {},
): Promise<FastifyInstance> {
  const { auth } = runtime.config;
  if (!auth) throw new Error("the runtime has no auth configuration: it does not serve the API");
  const env = options.env ?? process.env;
  const webUi = options.webUi ?? webUiSettings({ ...runtime.config, auth }, env);
  return buildApiApp({
    deps: runtime.deps,
    authenticate: options.authenticate ?? (await selectAuthenticate(auth)),
    extraRoutes: runtime.uploads ? [{ plugin: uploadReceiverRoutes(runtime.uploads), publicPrefix: "/uploads" }] : [],
    healthCheck: () => runtime.healthCheck(),
    ...(webUi ? { webUi } : {}),
    logger: options.logger ?? runtime.logger,
    // A test's own authenticate stands in for the bearer tokens the document then advertises.
    bearerAuth: options.authenticate !== undefined || auth.mode !== "none",
    http: options.http ?? loadApiHttpConfig(env),
  });
}

/**
 * Listens, then gives the embedded upload URLs their address: PUBLIC_BASE_URL when the API is
 * reached through another one (a proxy, a container's published port), else where it listens.
 */
export async function listenApi(
  app: FastifyInstance,
  runtime: Runtime,
  options: { port: number; host: string; publicBaseUrl?: string | undefined },
): Promise<string> {
  const url = await app.listen({ port: options.port, host: options.host });
  runtime.uploads?.setPublicBaseUrl(options.publicBaseUrl || url);
  return url;
}
