import type { ReprocessJobView } from "../api-types.ts";
import { ReprocessProgress } from "../render/reprocess-progress.ts";
import { type CommandContext, printJson } from "./command-context.ts";

export interface ReprocessOptions {
  status?: "PROCESSED" | "FAILED";
  class?: string;
  schema?: string;
  extractor?: string;
  createdAfter?: string;
  createdBefore?: string;
  wait: boolean;
  pollIntervalMs: number;
  timeoutMs: number;
}

/**
 * `docworker reprocess [documentId] [--class …] [--status …] [--schema …]`: one document, or a
 * job over every document the filter takes; with progress until the job is done. Exit 1 when
 * any document ended FAILED (or the wait timed out).
 */
export async function reprocessCommand(
  context: CommandContext,
  documentId: string | undefined,
  options: ReprocessOptions,
): Promise<number> {
  if (documentId) {
    const accepted = await context.client.reprocessDocument(documentId);
    if (context.json) printJson(context, accepted);
    else
      context.io.stdout.write(`reprocessing ${accepted.documentId}: follow it with docworker status ${documentId}\n`);
    return 0;
  }
  const filter = {
    ...(options.status ? { status: options.status } : {}),
    ...(options.class ? { class: options.class } : {}),
    ...(options.schema ? { schemaId: options.schema } : {}),
    ...(options.extractor ? { extractor: options.extractor } : {}),
    ...(options.createdAfter ? { createdAfter: options.createdAfter } : {}),
    ...(options.createdBefore ? { createdBefore: options.createdBefore } : {}),
  };
  let job = await context.client.startReprocess({ filter });
  if (!options.wait) {
    if (context.json) printJson(context, job);
    else context.io.stdout.write(`started ${job.jobId}: follow it with GET /jobs/${job.jobId}\n`);
    return 0;
  }
  const progress = new ReprocessProgress(context.io.stderr, context.errStyle);
  const deadline = Date.now() + options.timeoutMs;
  progress.update(job);
  while (job.status !== "SUCCEEDED" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs));
    job = await context.client.getJob(job.jobId);
    progress.update(job);
  }
  progress.finish(job);
  if (context.json) printJson(context, job);
  else context.io.stdout.write(summary(job));
  return job.status === "SUCCEEDED" && job.failed === 0 ? 0 : 1;
}

function summary(job: ReprocessJobView): string {
  const state = job.status === "SUCCEEDED" ? "done" : "still running (timed out waiting)";
  return `${job.jobId} ${state}: ${job.matched} matched, ${job.processed} processed, ${job.failed} failed, ${job.skipped} skipped\n`;
}
