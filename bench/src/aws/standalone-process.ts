// Child process for the AWS rows: services/standalone (API + worker) on DOCWORKER_ADAPTERS=aws,
// configured by the environment the parent passes. Its own process, as on ECS, and so the pino
// lines on stdout ("document processed" with the worker's per-stage times) can be read.
import { startStandalone } from "@docworker/standalone";

const app = await startStandalone({ port: 0, host: "127.0.0.1", env: process.env });
process.stdout.write(`${JSON.stringify({ benchReady: app.url })}\n`);
const stop = () => {
  app.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
