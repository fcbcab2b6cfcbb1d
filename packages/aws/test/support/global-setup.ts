import { execFileSync } from "node:child_process";
import { ensureEmulatedStack, REPO_ROOT } from "./emulated-stack.ts";

/**
 * vitest globalSetup: starts the emulated stack (moto + OpenSearch) once for the whole run when it
 * is not running. It is left running afterwards (the next run is faster, and other test processes
 * may share it) unless EMULATED_STOP_AFTER_TESTS=1 and this run started it.
 */
export default async function setup(): Promise<(() => void | Promise<void>) | undefined> {
  if (process.env.EMULATED_BACKEND === "testcontainers") {
    const { startTestcontainersStack } = await import("./testcontainers-stack.ts");
    const stack = await startTestcontainersStack();
    return () => stack.stop();
  }
  const { started } = await ensureEmulatedStack();
  if (!started || process.env.EMULATED_STOP_AFTER_TESTS !== "1") return undefined;
  return () => {
    execFileSync("bash", ["scripts/emulated/down.sh"], { cwd: REPO_ROOT, stdio: "inherit" });
  };
}
