export { createDocumentPreparer, type DocumentPreparerPool } from "./document-preparer.ts";
export { createParsePool, type ParsePool } from "./parse-pool.ts";
export {
  DEFAULT_IN_PROCESS_TEXT_MAX_BYTES,
  defaultParseWorkers,
  loadParsePoolConfig,
  PARSE_POOL_CONCERN,
  PARSE_POOL_SETTINGS,
  type ParsePoolConfig,
} from "./parse-pool-config.ts";
