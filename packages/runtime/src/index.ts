export { createLogger, type LogFormat, type Logger, logFormat } from "./logger.ts";
export { type OpenRuntimeOptions, openRuntime, type Runtime } from "./open-runtime.ts";
export { type AuthConfig, loadRuntimeConfig, type RuntimeConfig, type ServiceRole } from "./runtime-config.ts";
export type { RuntimeOverrides } from "./runtime-overrides.ts";
