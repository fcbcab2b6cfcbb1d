export { createLogger, type Logger } from "./logger.ts";
export { type EmbeddedUploads, openRuntime, type Runtime } from "./open-runtime.ts";
export { loadRuntimeConfig, type RuntimeConfig } from "./runtime-config.ts";
