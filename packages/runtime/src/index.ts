export { createLogger, type LogFormat, type Logger, logFormat } from "./logger.ts";
export type { EmbeddedUploads, UploadFacts } from "./open-embedded-set.ts";
export { openRuntime, type Runtime } from "./open-runtime.ts";
export { type AuthConfig, loadRuntimeConfig, type RuntimeConfig, type ServiceRole } from "./runtime-config.ts";
