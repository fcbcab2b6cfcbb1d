import { startBedrockStandIn } from "./stand-in-server.ts";

/**
 * Runs the stand-in as a process for the emulated stack. BEDROCK_STAND_IN_PORT picks the port
 * (0 or unset: a free one), BEDROCK_STAND_IN_HOST the address (default 127.0.0.1). The first line
 * on stdout is the base URL, for BEDROCK_ENDPOINT_URL.
 */
const port = Number(process.env.BEDROCK_STAND_IN_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid BEDROCK_STAND_IN_PORT: ${process.env.BEDROCK_STAND_IN_PORT}`);
  process.exit(2);
}
const standIn = await startBedrockStandIn({ port, host: process.env.BEDROCK_STAND_IN_HOST ?? "127.0.0.1" });
console.log(standIn.url);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    standIn.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
