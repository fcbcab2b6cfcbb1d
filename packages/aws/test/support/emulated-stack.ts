import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout's root: packages/aws/test/support -> ../../../.. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const EMULATED_ENV_FILE = join(REPO_ROOT, ".docworker", "emulated.env");

/** The KEY=value lines of .docworker/emulated.env (comments and blank lines skipped). */
export function readEmulatedEnv(file = EMULATED_ENV_FILE): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const at = line.indexOf("=");
    if (at <= 0 || line.trimStart().startsWith("#")) continue;
    env[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return env;
}

async function motoAnswers(endpoint: string | undefined): Promise<boolean> {
  if (!endpoint) return false;
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Whether the stack's moto runs through scripts/emulated/moto-server.py, which gives DynamoDB its
 * atomicity; start-moto.sh replaces one an older checkout started without it. LocalStack (the
 * Docker stack) runs DynamoDB Local, which is atomic by itself.
 */
function motoSerialisesDynamoDb(): boolean {
  if (process.env.EMULATED_BACKEND === "testcontainers") return true;
  try {
    const pid = readFileSync(join(REPO_ROOT, ".docworker", "emulated", "moto.pid"), "utf8").trim();
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("moto-server.py");
  } catch {
    return false;
  }
}

/** What up.sh writes for every service it starts (OpenSearch may be skipped). */
const STACK_ENDPOINTS = ["AWS_ENDPOINT_URL", "BEDROCK_ENDPOINT_URL", "TEXTRACT_ENDPOINT_URL"];

/**
 * Makes sure the emulated stack runs and returns its endpoints. Starts it (scripts/emulated/up.sh,
 * idempotent, ~6 s warm) when the env file is missing, its moto does not answer, or it lacks an
 * endpoint or the DynamoDB lock a newer stack has (a stack started by an older checkout); a file lock keeps two test
 * processes from starting it twice. Returns whether this call started it.
 */
export async function ensureEmulatedStack(): Promise<{ env: Record<string, string>; started: boolean }> {
  if (existsSync(EMULATED_ENV_FILE)) {
    const env = readEmulatedEnv();
    const complete = STACK_ENDPOINTS.every((name) => env[name]);
    if (complete && motoSerialisesDynamoDb() && (await motoAnswers(env.AWS_ENDPOINT_URL))) {
      return { env, started: false };
    }
  }
  const lockDir = join(REPO_ROOT, ".docworker");
  mkdirSync(lockDir, { recursive: true });
  // -o: up.sh does not hold the lock, so the daemons it starts do not inherit it and a later
  // start (of a stand-in an older stack lacks) is not kept waiting for as long as they live.
  execFileSync("flock", ["-o", join(lockDir, "emulated-start.lock"), "bash", "scripts/emulated/up.sh"], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    timeout: 600_000,
  });
  const env = readEmulatedEnv();
  if (!(await motoAnswers(env.AWS_ENDPOINT_URL))) {
    throw new Error(`the emulated stack did not come up: see ${join(REPO_ROOT, ".docworker/emulated/moto.log")}`);
  }
  return { env, started: true };
}
