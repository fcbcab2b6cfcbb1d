import { openRuntime } from "@docworker/runtime";
import { buildApiApp } from "./app.ts";
import { uploadReceiverRoutes } from "./routes/upload-receiver.ts";
import { selectAuthenticate } from "./select-authenticate.ts";
import { webUiSettings } from "./web-ui-settings.ts";

// The query service alone (the container's entry point). `make run` uses services/standalone.
const runtime = await openRuntime({ name: "docworker-api", serves: ["api"] });
const uploads = runtime.uploads;
const { auth } = runtime.config;
if (!auth) throw new Error("the API runtime has no auth configuration");
const app = await buildApiApp({
  deps: runtime.deps,
  authenticate: await selectAuthenticate(auth),
  extraRoutes: uploads ? [{ plugin: uploadReceiverRoutes(uploads), publicPrefix: "/uploads" }] : [],
  healthCheck: () => runtime.healthCheck(),
  webUi: webUiSettings({ ...runtime.config, auth }, process.env),
  logger: runtime.logger,
  bearerAuth: auth.mode !== "none",
});
const url = await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? "127.0.0.1" });
uploads?.setPublicBaseUrl(process.env.PUBLIC_BASE_URL ?? url);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await app.close();
    await runtime.close();
    process.exit(0);
  });
}
