import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The arguments a service's image gives `node` (its Dockerfile's exec-form CMD, without "node"),
 * so that processes started here run with the same runtime flags as the container.
 */
export function containerNodeArgs(root: string, service: "api" | "worker"): string[] {
  const dockerfile = readFileSync(join(root, `Dockerfile.${service}`), "utf8");
  const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile)?.[1];
  if (!cmd) throw new Error(`Dockerfile.${service} has no exec-form CMD`);
  const [program, ...args] = JSON.parse(cmd) as string[];
  if (program !== "node") throw new Error(`Dockerfile.${service}'s CMD runs ${program}, not node`);
  return args;
}
