export * from "./api-client.ts";
export * from "./api-errors.ts";
export type * from "./api-types.ts";
export { runCli } from "./cli.ts";
export type { CliIo, OutputStream } from "./cli-io.ts";
