import { buildApiFromRuntime, listenApi, loadListenConfig } from "@docworker/api";
import { logFormat, openRuntime } from "@docworker/runtime";
import { startIngestThread } from "./start-ingest-thread.ts";

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
 * pre-signed upload URLs itself, so a client needs nothing but this URL. The queue worker runs
 * on a thread of its own with its own adapters over the same data directory: embedding, index
 * writes and everything else a document costs never delay an HTTP answer.
 */
export async function startStandalone(options: StandaloneOptions): Promise<RunningStandalone> {
  const env = options.env ?? process.env;
  const runtime = await openRuntime({ name: "docworker", serves: ["api"], env });
  const app = await buildApiFromRuntime(runtime, { env });
  const url = await listenApi(app, runtime, {
    port: options.port,
    host: options.host,
    publicBaseUrl: loadListenConfig(env).publicBaseUrl,
  });
  // The thread's stdout is not a terminal: it is told the format this one chose.
  const worker = await startIngestThread({ ...env, LOG_FORMAT: logFormat(env) }, runtime.logger);
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
