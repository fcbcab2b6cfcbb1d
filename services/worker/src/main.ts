import { openRuntime } from "@docworker/runtime";
import { TaskProtection } from "./task-protection.ts";
import { startWorker } from "./worker.ts";
import { ecsAgentUri } from "./worker-settings.ts";

// The polling worker alone (the container's entry point). ECS sends SIGTERM and waits
// stopTimeout before SIGKILL: stop polling, let in-flight documents finish, release the rest.
// The parse pool is this service's dependency, not the runtime's: the API image holds no parser.
const runtime = await openRuntime({
  name: "docworker-worker",
  serves: ["worker"],
  loadParsePool: () => import("@docworker/parse-pool"),
});
if (!runtime.events) throw new Error("the worker runtime has no event source");
// On ECS the agent injects ECS_AGENT_URI: the task asks not to be scaled in while it has work.
const agentUri = ecsAgentUri();
const protection = agentUri ? new TaskProtection(agentUri, runtime.logger) : undefined;
const worker = startWorker(runtime.deps, runtime.events, runtime.logger, protection ? { protection } : {});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    runtime.logger.info({ signal }, "stopping");
    await worker.stop();
    await runtime.close();
    process.exit(0);
  });
}
