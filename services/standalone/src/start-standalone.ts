import { buildApiFromRuntime, listenApi } from "@docworker/api";
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
  const env = options.env ?? process.env;
  const runtime = await openRuntime({ name: "docworker", env });
  const events = runtime.events;
  if (!events) throw new Error("the standalone runtime serves the API and the worker");
  const app = await buildApiFromRuntime(runtime, { env });
  const url = await listenApi(app, runtime, {
    port: options.port,
    host: options.host,
    publicBaseUrl: env.PUBLIC_BASE_URL,
  });
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
