// `make run-deployed`: docworker as deployed (see packages/deployed-shape), on the emulated
// account that `make emulated-deploy` applied. The API listens on PORT (default 3000).
import { resolve } from "node:path";
import { readEmulatedEnv } from "../../packages/aws/test/support/emulated-stack.ts";
import { writeLocalStackSettings } from "../../packages/cli/src/config/local-stack.ts";
import { startDeployedShape } from "../../packages/deployed-shape/src/index.ts";

const root = resolve(import.meta.dirname, "../..");
const stateDir = resolve(root, ".docworker/deployed");
const emulated = readEmulatedEnv();
const moto = process.env.DEPLOYED_AWS_ENDPOINT;
if (!moto || !emulated.OPENSEARCH_URL || !emulated.BEDROCK_ENDPOINT_URL) {
  throw new Error("run `make emulated-deploy` first (DEPLOYED_AWS_ENDPOINT, OpenSearch and the Bedrock stand-in)");
}
const shape = await startDeployedShape({
  root,
  stateDir,
  motoEndpoint: moto,
  opensearchUrl: emulated.OPENSEARCH_URL,
  bedrockUrl: emulated.BEDROCK_ENDPOINT_URL,
  textractUrl: emulated.TEXTRACT_ENDPOINT_URL,
  port: Number(process.env.PORT ?? 3000),
  workers: Number(process.env.WORKERS ?? 1),
});
const url = shape.apiUrl;
// ./docworker finds this stack in a new terminal: the API, and the applied pool's app client.
writeLocalStackSettings(resolve(root, ".docworker"), {
  DOCWORKER_API_URL: url,
  COGNITO_CLIENT_ID: shape.cognito.clientId,
  AWS_REGION: shape.operator.region,
  AWS_ENDPOINT_URL: shape.operator.endpoint,
});
process.stderr.write(
  `\ndocworker (deployed shape) is running at ${url}  (API docs: ${url}/docs)\n` +
    `  two task definitions read back from ECS, each service with its own task role; IAM enforced by moto\n` +
    `  logs:    .docworker/deployed/logs/{api,worker-0}.log\n` +
    `  login:   ./docworker login --user alice@acme.test --password '${shape.cognito.password}'\n` +
    "  ingest:  ./docworker ingest <files or folders> --wait\n" +
    '  search:  ./docworker search "your question"\n' +
    "  stop:    Ctrl-C\n\n",
);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the worker and the API as ECS would (SIGTERM, then stopTimeout)\n`);
    shape.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
