import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../../../packages/aws/test/support/emulated-stack.ts";

const run = promisify(execFile);

/**
 * A fresh emulated account with deploy/ applied (dev tfvars): a moto server of its own under
 * `stateDir`, then scripts/deployed/apply.sh, as `make emulated-deploy` does.
 */
export async function applyToFreshAccount(
  stateDir: string,
  options: { opensearchIndex: string },
): Promise<{ motoEndpoint: string; stop(): Promise<void> }> {
  const motoState = join(stateDir, "moto");
  // Its own state and env file: stopping it must leave the shared emulated stack's alone.
  const env = {
    ...process.env,
    EMU_STATE: motoState,
    EMU_ENV_FILE: join(stateDir, "moto.env"),
    TOOLS: join(REPO_ROOT, ".tools"),
  };
  await run("bash", ["scripts/emulated/down.sh"], { cwd: REPO_ROOT, env });
  const started = await run("bash", ["scripts/emulated/start-moto.sh"], { cwd: REPO_ROOT, env });
  const motoEndpoint = /AWS_ENDPOINT_URL=(\S+)/.exec(started.stdout)?.[1];
  if (!motoEndpoint) throw new Error(`moto did not start: ${started.stderr}`);
  await run("bash", ["scripts/deployed/apply.sh"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DEPLOYED_STATE: stateDir,
      DEPLOYED_AWS_ENDPOINT: motoEndpoint,
      DEPLOYED_OPENSEARCH_INDEX: options.opensearchIndex,
    },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  return {
    motoEndpoint,
    async stop() {
      await run("bash", ["scripts/emulated/down.sh"], { cwd: REPO_ROOT, env });
    },
  };
}
