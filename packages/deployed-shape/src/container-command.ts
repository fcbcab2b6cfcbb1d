import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DockerfileParser, Env, type Instruction } from "dockerfile-ast";

function dockerfileOf(root: string, service: "api" | "worker") {
  return DockerfileParser.parse(readFileSync(join(root, `Dockerfile.${service}`), "utf8"));
}

/** The instructions of the stage the image is (its last FROM and what follows). */
function finalStage(root: string, service: "api" | "worker"): Instruction[] {
  const all = dockerfileOf(root, service).getInstructions();
  return all.slice(all.map((i) => i.getKeyword()).lastIndexOf("FROM"));
}

/**
 * The arguments a service's image gives `node` (its Dockerfile's exec-form CMD, without "node"),
 * so that processes started here run with the same runtime flags as the container.
 */
export function containerNodeArgs(root: string, service: "api" | "worker"): string[] {
  // The last CMD is the one an image keeps; a HEALTHCHECK's CMD belongs to its own instruction.
  const cmd = dockerfileOf(root, service).getCMDs().at(-1)?.getArgumentsContent()?.trim();
  if (!cmd?.startsWith("[")) throw new Error(`Dockerfile.${service} has no exec-form CMD`);
  const [program, ...args] = JSON.parse(cmd) as string[];
  if (program !== "node") throw new Error(`Dockerfile.${service}'s CMD runs ${program}, not node`);
  return args;
}

/** The environment a service's image sets (its final stage's ENV), Node's compile cache among it. */
export function containerEnv(root: string, service: "api" | "worker"): Record<string, string> {
  return Object.fromEntries(
    finalStage(root, service)
      .filter((i): i is Env => i instanceof Env)
      .flatMap((env) => env.getProperties().map((p) => [p.getName(), p.getValue() ?? ""])),
  );
}

/** The image's working directory, where its tree lies (the final stage's last WORKDIR). */
export function containerWorkdir(root: string, service: "api" | "worker"): string {
  const workdir = finalStage(root, service)
    .filter((i) => i.getKeyword() === "WORKDIR")
    .at(-1)
    ?.getArgumentsContent();
  if (!workdir) throw new Error(`Dockerfile.${service} sets no WORKDIR`);
  return workdir;
}
