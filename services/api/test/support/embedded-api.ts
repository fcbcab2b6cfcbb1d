import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { UploadReceiver } from "@docworker/core";
import { openRuntime, type Runtime } from "@docworker/runtime";
import type { FastifyInstance } from "fastify";
import { buildApiFromRuntime } from "../../src/api-from-runtime.ts";
import type { ApiOptions } from "../../src/app.ts";
import type { Authenticate } from "../../src/plugins/tenant-auth.ts";
import type { ApiHttpConfig } from "../../src/server-options.ts";

export interface EmbeddedApi {
  runtime: Runtime;
  app: FastifyInstance;
  uploads: UploadReceiver;
  close(): Promise<void>;
}

/**
 * The real API over the real embedded runtime in a temporary data directory, with the pre-signed
 * upload route, as `make run` serves it. Not listening: `app.inject`, or `app.listen` and then
 * `uploads.setPublicBaseUrl` with the address.
 */
export async function openEmbeddedApi(options: {
  authenticate: Authenticate;
  env?: Record<string, string>;
  webUi?: ApiOptions["webUi"];
  logger?: ApiOptions["logger"];
  http?: ApiHttpConfig;
}): Promise<EmbeddedApi> {
  const dataDir = mkdtempSync(join(tmpdir(), "docworker-api-"));
  const runtime = await openRuntime({
    env: { DOCWORKER_DATA_DIR: dataDir, LOG_LEVEL: "silent", EMBEDDINGS_PROVIDER: "hashing", ...options.env },
  });
  const uploads = runtime.uploads;
  if (!uploads) throw new Error("the embedded runtime serves uploads");
  const app = await buildApiFromRuntime(runtime, {
    env: {},
    authenticate: options.authenticate,
    webUi: options.webUi ?? false,
    logger: options.logger ?? false,
    ...(options.http ? { http: options.http } : {}),
  });
  uploads.setPublicBaseUrl("http://localhost");
  return {
    runtime,
    app,
    uploads,
    async close() {
      await app.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
