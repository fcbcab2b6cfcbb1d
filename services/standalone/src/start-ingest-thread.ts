import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { Logger } from "@docworker/core";
import type { IngestThreadData, IngestThreadMessage } from "./ingest-thread-protocol.ts";

export interface IngestThread {
  stop(): Promise<void>;
}

const ENTRY = new URL("./ingest-thread.ts", import.meta.url);
// A thread that crashed is started again after this long, so a bug cannot spin the CPU.
const RESTART_DELAY_MS = 1000;

/**
 * Starts the queue worker on a worker thread and waits until it polls. A thread that dies
 * (a bug: documents fail as data, parsing runs in the parse pool) is logged and started again;
 * the messages it held become visible again and are redelivered.
 */
export async function startIngestThread(
  env: Record<string, string | undefined>,
  logger: Logger,
): Promise<IngestThread> {
  let stopping = false;
  let current: Worker;

  const start = async (): Promise<Worker> => {
    const thread = new Worker(ENTRY, { workerData: { env } satisfies IngestThreadData });
    thread.on("error", (error) => logger.error({ err: error }, "the ingest thread failed"));
    thread.once("exit", (code) => {
      if (stopping) return;
      logger.error({ code }, "the ingest thread exited; starting it again");
      setTimeout(() => {
        if (!stopping)
          start().then(
            (next) => (current = next),
            () => undefined,
          );
      }, RESTART_DELAY_MS).unref();
    });
    await new Promise<void>((ready, failed) => {
      thread.on("message", (message: IngestThreadMessage) => message.type === "ready" && ready());
      thread.once("exit", (code) => failed(new Error(`the ingest thread exited (${code}) before it started`)));
    });
    return thread;
  };

  current = await start();
  return {
    async stop() {
      stopping = true;
      const thread = current;
      const exited = once(thread, "exit");
      const stopped = new Promise<void>((done) => {
        thread.on("message", (message: IngestThreadMessage) => message.type === "stopped" && done());
        exited.then(() => done());
      });
      thread.postMessage({ type: "stop" } satisfies IngestThreadMessage);
      await stopped;
      // Whatever a library left running (a model's threads, a timer) must not keep it alive.
      await thread.terminate();
    },
  };
}
