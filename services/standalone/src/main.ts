import { startStandalone } from "./start-standalone.ts";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

const running = await startStandalone({ port, host });
process.stderr.write(
  `\ndocworker is running at ${running.url}  (open it in a browser; API docs: ${running.url}/docs)\n` +
    `  ingest:  pnpm docworker ingest <files or folders> --wait --api ${running.url}\n` +
    `  search:  pnpm docworker search "your question" --api ${running.url}\n` +
    "  stop:    Ctrl-C\n\n",
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: finishing in-flight documents, then stopping\n`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
