export { createParsePool, type ParsePool } from "./parse-pool.ts";
export {
  defaultParseWorkers,
  loadParsePoolConfig,
  PARSE_POOL_CONCERN,
  PARSE_POOL_SETTINGS,
  type ParsePoolConfig,
} from "./parse-pool-config.ts";
