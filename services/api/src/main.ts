import { openRuntime } from "@docworker/runtime";
import { buildApiFromRuntime, listenApi } from "./api-from-runtime.ts";
import { loadListenConfig } from "./server-options.ts";

// The query service alone (the container's entry point). `make run` uses services/standalone.
const listen = loadListenConfig();
const runtime = await openRuntime({ name: "docworker-api", serves: ["api"] });
const app = await buildApiFromRuntime(runtime);
await listenApi(app, runtime, listen);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await app.close();
    await runtime.close();
    process.exit(0);
  });
}
