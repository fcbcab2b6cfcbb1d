import { parentPort, workerData } from "node:worker_threads";
import { openRuntime } from "@docworker/runtime";
import { startWorker } from "@docworker/worker";
import type { IngestThreadData, IngestThreadMessage } from "./ingest-thread-protocol.ts";

// The queue worker of `make run`, on a thread of its own: embedding, extraction, index writes
// and the processed JSON never hold up the event loop that answers HTTP. It opens the same data
// directory as the API's thread (SQLite in WAL mode serialises their writes).
const { env } = workerData as IngestThreadData;
const port = parentPort;
if (!port) throw new Error("ingest-thread.ts runs as a worker thread of the standalone service");

const runtime = await openRuntime({
  name: "docworker",
  serves: ["worker"],
  env,
  loadParsePool: () => import("@docworker/parse-pool"),
});
if (!runtime.events) throw new Error("the ingest thread's runtime has no event source");
const worker = startWorker(runtime.deps, runtime.events, runtime.logger);

port.on("message", (message: IngestThreadMessage) => {
  if (message.type !== "stop") return;
  (async () => {
    await worker.stop();
    await runtime.close();
  })().then(
    () => {
      port.postMessage({ type: "stopped" } satisfies IngestThreadMessage);
      port.close();
    },
    (error: unknown) => {
      runtime.logger.error({ err: error }, "the ingest thread did not stop cleanly");
      port.postMessage({ type: "stopped" } satisfies IngestThreadMessage);
      port.close();
    },
  );
});
port.postMessage({ type: "ready" } satisfies IngestThreadMessage);
