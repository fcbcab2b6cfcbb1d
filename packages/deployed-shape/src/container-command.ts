import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DockerfileParser } from "dockerfile-ast";

/**
 * The arguments a service's image gives `node` (its Dockerfile's exec-form CMD, without "node"),
 * so that processes started here run with the same runtime flags as the container.
 */
export function containerNodeArgs(root: string, service: "api" | "worker"): string[] {
  const dockerfile = DockerfileParser.parse(readFileSync(join(root, `Dockerfile.${service}`), "utf8"));
  // The last CMD is the one an image keeps; a HEALTHCHECK's CMD belongs to its own instruction.
  const cmd = dockerfile.getCMDs().at(-1)?.getArgumentsContent()?.trim();
  if (!cmd?.startsWith("[")) throw new Error(`Dockerfile.${service} has no exec-form CMD`);
  const [program, ...args] = JSON.parse(cmd) as string[];
  if (program !== "node") throw new Error(`Dockerfile.${service}'s CMD runs ${program}, not node`);
  return args;
}
