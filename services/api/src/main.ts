import { openRuntime } from "@docworker/runtime";
import { buildApiFromRuntime, listenApi } from "./api-from-runtime.ts";

// The query service alone (the container's entry point). `make run` uses services/standalone.
const runtime = await openRuntime({ name: "docworker-api", serves: ["api"] });
const app = await buildApiFromRuntime(runtime);
await listenApi(app, runtime, {
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? "127.0.0.1",
  publicBaseUrl: process.env.PUBLIC_BASE_URL,
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await app.close();
    await runtime.close();
    process.exit(0);
  });
}
