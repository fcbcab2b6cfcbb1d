export { AUTH_CONCERN } from "./auth-config.ts";
export { AWS_CLIENT_CONCERN, AWS_CLIENT_SETTINGS } from "./aws-client-config.ts";
export { createLogger, LOGGING_CONCERN, type LogFormat, type Logger, logFormat, logLevel } from "./logger.ts";
export type { ParsePoolLoader, ParsePoolPackage } from "./open-preparer.ts";
export { type OpenRuntimeOptions, openRuntime, type Runtime } from "./open-runtime.ts";
export { PARSE_POOL_CONCERN } from "./parse-pool-config.ts";
export { RECOGNITION_CONCERN } from "./recognition-config.ts";
export {
  ADAPTER_CONCERN,
  type AuthConfig,
  loadRuntimeConfig,
  type RuntimeConfig,
  type ServiceRole,
} from "./runtime-config.ts";
export type { RuntimeOverrides } from "./runtime-overrides.ts";
export { SEARCH_CONCERN } from "./search-config.ts";
