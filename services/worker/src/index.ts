export { type RunningWorker, startWorker } from "./worker.ts";
export { ecsAgentUri, WORKER_SERVICE_CONCERN } from "./worker-settings.ts";
