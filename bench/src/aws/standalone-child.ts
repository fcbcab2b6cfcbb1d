import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** A pino line of the child's stdout, parsed. */
export type LogLine = Record<string, unknown> & { msg?: string };

export interface StandaloneChild {
  url: string;
  /** Called with every JSON line the child writes on stdout. */
  onLine(listener: (line: LogLine) => void): void;
  stop(): Promise<void>;
}

/** Starts bench/src/aws/standalone-process.ts with `env` and waits until its API listens. */
export async function startStandaloneChild(repoRoot: string, env: Record<string, string>): Promise<StandaloneChild> {
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, "bench/src/aws/standalone-process.ts")], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const listeners: ((line: LogLine) => void)[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the standalone did not start in 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`the standalone exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (text) => {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        return;
      }
      if (typeof line.benchReady === "string") {
        clearTimeout(timer);
        resolve(line.benchReady);
      }
      for (const listener of listeners) listener(line);
    });
  });
  return {
    url,
    onLine: (listener) => listeners.push(listener),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
