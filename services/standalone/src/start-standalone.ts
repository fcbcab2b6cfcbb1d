import {
  buildApiApp,
  loadApiHttpConfig,
  selectAuthenticate,
  uploadReceiverRoutes,
  webUiSettings,
} from "@docworker/api";
import { openRuntime } from "@docworker/runtime";
import { startWorker } from "@docworker/worker";

export interface StandaloneOptions {
  env?: Record<string, string | undefined>;
  port: number;
  host: string;
}

export interface RunningStandalone {
  url: string;
  stop(): Promise<void>;
}

/**
 * API and worker in one process on the embedded adapters: `make run`. The API serves the
 * pre-signed upload URLs itself, so a client needs nothing but this URL.
 */
export async function startStandalone(options: StandaloneOptions): Promise<RunningStandalone> {
  const runtime = await openRuntime({ name: "docworker", ...(options.env ? { env: options.env } : {}) });
  const uploads = runtime.uploads;
  const { auth } = runtime.config;
  const events = runtime.events;
  if (!auth || !events) throw new Error("the standalone runtime serves the API and the worker");
  const app = await buildApiApp({
    deps: runtime.deps,
    authenticate: await selectAuthenticate(auth),
    extraRoutes: uploads ? [{ plugin: uploadReceiverRoutes(uploads), publicPrefix: "/uploads" }] : [],
    healthCheck: () => runtime.healthCheck(),
    webUi: webUiSettings({ ...runtime.config, auth }, options.env ?? process.env),
    logger: runtime.logger,
    bearerAuth: auth.mode !== "none",
    http: loadApiHttpConfig(options.env ?? process.env),
  });
  const url = await app.listen({ port: options.port, host: options.host });
  uploads?.setPublicBaseUrl(url);
  const worker = startWorker(runtime.deps, events, runtime.logger);
  let stopped: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopped ??= (async () => {
        await app.close(); // stop accepting requests first
        await worker.stop();
        await runtime.close();
      })();
      return stopped;
    },
  };
}
