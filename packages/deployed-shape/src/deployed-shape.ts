import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_DEV_PASSWORD, DEV_USERS, ensureDevUserPool } from "@docworker/dev-provisioning";
import { containerNodeArgs } from "./container-command.ts";
import { type EcsAgentStandIn, startEcsAgentStandIn } from "./ecs-agent-stand-in.ts";
import { addResourceStarCopies, createOperator, setIamEnforcement } from "./emulated-iam.ts";
import { type PresignedGateway, startPresignedGateway } from "./presigned-gateway.ts";
import { assumeRole, type RoleCredentials } from "./task-credentials.ts";
import { describeServiceTask, type ServiceTask } from "./task-definitions.ts";
import { resolveSecrets } from "./task-secrets.ts";

export interface DeployedShapeOptions {
  /** The checkout (services/api and services/worker are started from it). */
  root: string;
  /** .docworker/deployed: outputs.json of the apply, and the processes' logs. */
  stateDir: string;
  /** The deployed shape's own moto server, where deploy/ was applied. */
  motoEndpoint: string;
  /** The OpenSearch node standing in for the collection endpoint. */
  opensearchUrl: string;
  /** The Bedrock stand-in. */
  bedrockUrl: string;
  /** The Textract stand-in. */
  textractUrl: string;
  /** The API's PORT (default 3000; 0: any free port). */
  port?: number;
  /** Worker processes (ECS tasks of the worker service; default 1). */
  workers?: number;
  /** Passed to both processes, like a tfvars log_level (default: the task definition's). */
  logLevel?: string;
}

export interface RunningService {
  name: string;
  process: ChildProcess;
  logFile: string;
  /** The worker's ECS agent stand-in (scale-in protection). */
  agent?: EcsAgentStandIn;
}

export interface DeployedShape {
  apiUrl: string;
  outputs: Record<string, string>;
  tasks: { api: ServiceTask; worker: ServiceTask };
  /** An IAM user allowed everything: for the operator's own calls once IAM is enforced. */
  operator: { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  cognito: { userPoolId: string; clientId: string; issuer: string; jwksUri: string; password: string };
  api: RunningService;
  workers: RunningService[];
  /** The environment a worker process was started with (to start more, or again). */
  workerEnv(index: number): Promise<Record<string, string>>;
  startWorker(index: number): Promise<RunningService>;
  /** SIGTERM, and SIGKILL after the task definition's stopTimeout, as ECS stops a task. */
  stopService(service: RunningService): Promise<void>;
  stop(): Promise<void>;
}

/**
 * docworker as deployed, on the emulated account: both task definitions read back from ECS, each
 * service started as its own process with exactly its container's environment and secrets, the
 * credentials of its own task role (AssumeRole on moto's STS) and moto's IAM authorisation on,
 * plus only the endpoint overrides that reach the emulators.
 */
export async function startDeployedShape(options: DeployedShapeOptions): Promise<DeployedShape> {
  const outputs = readOutputs(options.stateDir);
  const region = "us-east-1";
  const admin = {
    region,
    endpoint: options.motoEndpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  };
  // Everything that sets the account up runs before IAM is enforced, as an administrator would.
  await setIamEnforcement(options.motoEndpoint, false);
  const cluster = outputs.ecs_cluster_name as string;
  const tasks = {
    api: await describeServiceTask(admin, `${cluster}-api`, "api"),
    worker: await describeServiceTask(admin, `${cluster}-worker`, "worker"),
  };
  const roleName = (arn: string) => arn.split("/").at(-1) as string;
  await addResourceStarCopies(admin, [
    roleName(tasks.api.taskRoleArn),
    roleName(tasks.worker.taskRoleArn),
    roleName(tasks.api.executionRoleArn),
  ]);
  const operatorKeys = await createOperator(admin);
  const password = process.env.DOCWORKER_DEV_PASSWORD || DEFAULT_DEV_PASSWORD;
  const pool = await ensureDevUserPool(admin, {
    poolName: cluster,
    clientName: `${cluster}-cli`,
    users: DEV_USERS(password),
  });
  if (pool.userPoolId !== outputs.cognito_user_pool_id) {
    throw new Error(`the Cognito pool ${cluster} is not the applied one (${outputs.cognito_user_pool_id})`);
  }
  const roles: Record<string, RoleCredentials> = {
    api: await assumeRole(admin, tasks.api.taskRoleArn, "api-task"),
    worker: await assumeRole(admin, tasks.worker.taskRoleArn, "worker-task"),
    execution: await assumeRole(admin, tasks.api.executionRoleArn, "ecs-agent"),
  };
  await setIamEnforcement(options.motoEndpoint, true);

  const gateway: PresignedGateway = await startPresignedGateway(options.motoEndpoint, () =>
    Object.values(roles).map((r) => ({
      accessKeyId: r.AWS_ACCESS_KEY_ID,
      secretAccessKey: r.AWS_SECRET_ACCESS_KEY,
      sessionToken: r.AWS_SESSION_TOKEN,
    })),
  );
  const execution = {
    region,
    endpoint: gateway.url,
    credentials: {
      accessKeyId: roles.execution?.AWS_ACCESS_KEY_ID as string,
      secretAccessKey: roles.execution?.AWS_SECRET_ACCESS_KEY as string,
      sessionToken: roles.execution?.AWS_SESSION_TOKEN as string,
    },
  };
  const secrets = {
    api: await resolveSecrets(execution, tasks.api.secrets),
    worker: await resolveSecrets(execution, tasks.worker.secrets),
  };

  /** The endpoint overrides: the only variables that are not the task definition's. */
  const endpoints = {
    AWS_ENDPOINT_URL: gateway.url,
    S3_FORCE_PATH_STYLE: "true",
    OPENSEARCH_URL: options.opensearchUrl,
    BEDROCK_ENDPOINT_URL: options.bedrockUrl,
    TEXTRACT_ENDPOINT_URL: options.textractUrl,
  };
  const environmentOf = (service: "api" | "worker", extra: Record<string, string>): Record<string, string> => ({
    PATH: process.env.PATH ?? "",
    ...tasks[service].environment,
    ...secrets[service],
    ...endpoints,
    ...(roles[service] as RoleCredentials),
    ...(options.logLevel ? { LOG_LEVEL: options.logLevel } : {}),
    ...extra,
  });

  const logs = join(options.stateDir, "logs");
  mkdirSync(logs, { recursive: true });
  const spawnService = (name: string, service: "api" | "worker", env: Record<string, string>): RunningService => {
    const logFile = join(logs, `${name}.log`);
    const out = createWriteStream(logFile, { flags: "a" });
    const args = containerNodeArgs(options.root, service);
    const child = spawn(process.execPath, args, { cwd: options.root, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    return { name, process: child, logFile };
  };

  const port = options.port ?? 3000;
  const apiPort = String(port === 0 ? await freePort() : port);
  const apiEnv = environmentOf("api", {
    // moto signs Cognito tokens with the AWS issuer but serves the keys under its own endpoint.
    COGNITO_ISSUER: pool.issuer,
    COGNITO_JWKS_URI: pool.jwksUri,
    HOST: "127.0.0.1",
    PORT: apiPort,
  });
  const api = spawnService("api", "api", apiEnv);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitForHealth(apiUrl, api);

  const workerEnvs = new Map<number, Record<string, string>>();
  const workers: RunningService[] = [];
  const startWorker = async (index: number): Promise<RunningService> => {
    const agent = await startEcsAgentStandIn(`arn:aws:ecs:${region}:123456789012:task/${cluster}/worker-${index}`);
    const env = environmentOf("worker", { ECS_AGENT_URI: agent.uri });
    workerEnvs.set(index, env);
    const worker = { ...spawnService(`worker-${index}`, "worker", env), agent };
    workers[index] = worker;
    return worker;
  };
  for (let i = 0; i < (options.workers ?? 1); i++) await startWorker(i);

  const stopService = async (service: RunningService) => {
    const child = service.process;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const stopTimeout = (service.name === "api" ? tasks.api : tasks.worker).stopTimeoutSeconds;
      const timer = setTimeout(() => child.kill("SIGKILL"), stopTimeout * 1000);
      await exited;
      clearTimeout(timer);
    }
    await service.agent?.stop();
  };

  return {
    apiUrl,
    outputs,
    tasks,
    operator: { region, endpoint: gateway.url, credentials: operatorKeys },
    cognito: { ...pool, password },
    api,
    workers,
    workerEnv: async (index) => workerEnvs.get(index) ?? {},
    startWorker,
    stopService,
    async stop() {
      await Promise.all([...workers.filter(Boolean), api].map(stopService));
      await gateway.stop();
      await setIamEnforcement(options.motoEndpoint, false).catch(() => {});
    },
  };
}

function readOutputs(stateDir: string): Record<string, string> {
  const raw = JSON.parse(readFileSync(join(stateDir, "outputs.json"), "utf8")) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(raw).map(([name, output]) => [name, output.value as string]));
}

async function waitForHealth(url: string, api: RunningService, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.process.exitCode !== null) {
      throw new Error(`the API exited with ${api.process.exitCode}: see ${api.logFile}\n${tail(api.logFile)}`);
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the API did not answer /health within ${timeoutMs} ms: see ${api.logFile}\n${tail(api.logFile)}`);
}

export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}
