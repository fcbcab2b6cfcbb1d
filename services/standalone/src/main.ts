import { loadListenConfig } from "@docworker/api";
import { type LocalStackSettings, localStackDir, writeLocalStackSettings } from "@docworker/cli/local-stack";
import { startStandalone } from "./start-standalone.ts";

const { port, host } = loadListenConfig();
const running = await startStandalone({ port, host });
// ./docworker finds this stack (URL, and with Cognito the app client to log in with) in a new terminal.
const cognito: LocalStackSettings = process.env.COGNITO_CLIENT_ID
  ? {
      COGNITO_CLIENT_ID: process.env.COGNITO_CLIENT_ID,
      ...(process.env.AWS_REGION ? { AWS_REGION: process.env.AWS_REGION } : {}),
      ...(process.env.AWS_ENDPOINT_URL ? { AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL } : {}),
    }
  : {};
writeLocalStackSettings(localStackDir(process.env), { DOCWORKER_API_URL: running.url, ...cognito });
process.stderr.write(
  `\ndocworker is running at ${running.url}  (open it in a browser; API docs: ${running.url}/docs)\n` +
    (cognito.COGNITO_CLIENT_ID
      ? "  login:   ./docworker login --user alice@acme.test --password 'Docworker-dev-1!'\n"
      : "") +
    "  ingest:  ./docworker ingest <files or folders> --wait\n" +
    '  search:  ./docworker search "your question"\n' +
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
