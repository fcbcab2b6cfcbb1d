import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { round } from "./stats.ts";

/** Bytes under a path, as `du -sb` counts them, in MB (10^6). */
export function duMb(path: string): number {
  return round(Number(execFileSync("du", ["-sb", path], { encoding: "utf8" }).split("\t")[0]) / 1e6);
}

/** A process's resident set (VmRSS), in MiB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function apiHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`)).ok;
  } catch {
    return false;
  }
}

/** Stops a started service: SIGTERM, then SIGKILL if it has not exited within 10 s. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** A started service: its process, everything it printed so far, and how long it took to be ready. */
export interface StartedService {
  child: ChildProcess;
  output: string;
  readyMs: number;
}

/** Starts `node args` and waits (up to 60 s) until `ready` says so; a process that exits first fails it. */
export async function startService(
  name: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
  ready: (service: StartedService) => Promise<boolean> | boolean,
): Promise<StartedService> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  const service: StartedService = { child, output: "", readyMs: 0 };
  const collect = (d: Buffer) => {
    service.output += d.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${service.output.slice(-2000)}`);
    return ready(service);
  }, 60_000);
  service.readyMs = round(performance.now() - started, 0);
  return service;
}
