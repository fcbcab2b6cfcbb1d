export { createParsePool, type ParsePool } from "./parse-pool.ts";
export { defaultParseWorkers, loadParsePoolConfig, type ParsePoolConfig } from "./parse-pool-config.ts";
