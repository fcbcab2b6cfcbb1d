export { type ApiFromRuntimeOptions, buildApiFromRuntime, listenApi } from "./api-from-runtime.ts";
export { type ApiOptions, buildApiApp } from "./app.ts";
export { HttpProblem } from "./http-problem.ts";
export { type CognitoAuthOptions, createCognitoAuthenticate } from "./plugins/cognito-auth.ts";
export { type Authenticate, singleTenant } from "./plugins/tenant-auth.ts";
export type { WebUiOptions } from "./plugins/web-ui.ts";
export { uploadReceiverRoutes } from "./routes/upload-receiver.ts";
export { selectAuthenticate } from "./select-authenticate.ts";
export {
  API_HTTP_CONCERN,
  type ApiHttpConfig,
  type ListenConfig,
  loadApiHttpConfig,
  loadListenConfig,
} from "./server-options.ts";
export { webUiSettings } from "./web-ui-settings.ts";
