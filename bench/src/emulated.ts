import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface EmulatedStack {
  env: Record<string, string>;
  /** True when this run started the stack, and so stops it at the end. */
  startedHere: boolean;
}

function readEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1] as string] = match[2] as string;
  }
  return env;
}

async function answers(url: string | undefined): Promise<boolean> {
  if (!url) return false;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The emulated stack of scripts/emulated (moto + OpenSearch with k-NN): reused when it already
 * answers (another session may be using it: it is then left running), else started with up.sh.
 * Undefined when it cannot be had (BENCH_EMULATED=0, or up.sh failed).
 */
export async function emulatedStack(repoRoot: string, log: (m: string) => void): Promise<EmulatedStack | undefined> {
  if (process.env.BENCH_EMULATED === "0") return undefined;
  const file = join(repoRoot, ".docworker/emulated.env");
  let env = readEnvFile(file);
  if (await answers(env.OPENSEARCH_URL)) return { env, startedHere: false };
  log("starting the emulated stack (scripts/emulated/up.sh)");
  try {
    execFileSync("bash", ["scripts/emulated/up.sh"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
  } catch (error) {
    log(`the emulated stack did not start: ${(error as Error).message}`);
    return undefined;
  }
  env = readEnvFile(file);
  return (await answers(env.OPENSEARCH_URL)) ? { env, startedHere: true } : undefined;
}

export function stopEmulatedStack(repoRoot: string, stack: EmulatedStack | undefined): void {
  if (!stack?.startedHere) return;
  execFileSync("bash", ["scripts/emulated/down.sh"], { cwd: repoRoot, stdio: "ignore" });
}
