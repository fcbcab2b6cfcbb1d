import { ApiProblemError, ApiUnreachableError } from "../api-errors.ts";
import type { ApiDocument } from "../api-types.ts";
import { UsageError } from "../cli-errors.ts";
import { collectFiles, type IngestFile } from "../ingest/collect-files.ts";
import { countResults, type IngestResult, isFailure, WAIT_TIMEOUT } from "../ingest/ingest-result.ts";
import { createLimiter } from "../ingest/limiter.ts";
import { PutFailedError, uploadDocument } from "../ingest/upload-document.ts";
import { waitForDocument } from "../ingest/wait-for-document.ts";
import { IngestProgress } from "../render/ingest-progress.ts";
import { formatIngestSummary } from "../render/ingest-summary.ts";
import { type CommandContext, printJson } from "./command-context.ts";

export interface IngestOptions {
  wait: boolean;
  concurrency: number;
  metadata: Record<string, string>;
  /** With --wait: how long to wait for processing, overall, from the start of the command. */
  timeoutMs: number;
  pollIntervalMs: number;
}

/**
 * `docworker ingest <paths...>`: uploads every file (directories recursively), `concurrency` at
 * a time; with --wait, follows each document until it is PROCESSED, FAILED or DELETED.
 * Exit code 1 when a file failed to upload, or with --wait ended FAILED or did not finish in time.
 */
export async function ingestCommand(context: CommandContext, paths: string[], options: IngestOptions): Promise<number> {
  const files = await collectFiles(paths);
  if (files.length === 0) throw new UsageError("no files to ingest (hidden files and folders are skipped)");
  const { client } = context;
  const progress = new IngestProgress(context.io.stderr, {
    style: context.errStyle,
    wait: options.wait,
    total: files.length,
  });
  const uploadSlot = createLimiter(options.concurrency);
  const pollSlot = createLimiter(options.concurrency);
  const abort = new AbortController();
  const deadline = Date.now() + options.timeoutMs;

  const ingestOne = async (file: IngestFile): Promise<IngestResult> => {
    const base = { file: file.path, filename: file.filename, size: file.size };
    let documentId: string;
    try {
      const created = await uploadSlot(() => {
        abort.signal.throwIfAborted();
        return uploadDocument(client, file, { metadata: options.metadata, signal: abort.signal });
      });
      documentId = created.documentId;
    } catch (error) {
      if (stopsEverything(error, client.baseUrl) || abort.signal.aborted) throw error;
      const failed: IngestResult = {
        ...base,
        ...(error instanceof PutFailedError ? { documentId: error.documentId } : {}),
        status: "UPLOAD_FAILED",
        error: describeError(error instanceof PutFailedError ? error.cause : error),
      };
      progress.settled(failed);
      return failed;
    }
    const uploaded: IngestResult = { ...base, documentId, status: "PENDING" };
    progress.uploaded(uploaded);
    if (!options.wait) return uploaded;

    let result: IngestResult;
    try {
      const outcome = await waitForDocument(client, documentId, {
        deadline,
        intervalMs: options.pollIntervalMs,
        limit: pollSlot,
        signal: abort.signal,
      });
      result = outcome.document ? withDocument(uploaded, outcome.document) : uploaded;
      if (outcome.timedOut) {
        const message = `still ${result.status} when --timeout ran out (${Math.round(options.timeoutMs / 1000)}s)`;
        result = { ...result, error: { code: WAIT_TIMEOUT, message } };
      }
    } catch (error) {
      if (stopsEverything(error, client.baseUrl) || abort.signal.aborted) throw error;
      result = { ...uploaded, error: describeError(error) };
    }
    progress.settled(result);
    return result;
  };

  progress.start();
  let fatal: unknown;
  const settled = await Promise.all(
    files.map((file) =>
      ingestOne(file).catch((error: unknown) => {
        // The first fatal error stops the rest; the errors that the abort causes are its echo.
        if (fatal === undefined) fatal = error;
        abort.abort();
        return undefined;
      }),
    ),
  );
  progress.finish();
  if (fatal !== undefined) throw fatal;

  const results = settled.filter((r): r is IngestResult => r !== undefined);
  const ok = !results.some((result) => isFailure(result, options.wait));
  if (context.json) {
    const counts = countResults(results);
    printJson(context, {
      ok,
      waited: options.wait,
      results,
      counts: { byStatus: Object.fromEntries(counts.byStatus), byErrorCode: Object.fromEntries(counts.byErrorCode) },
    });
  } else {
    context.io.stdout.write(`${formatIngestSummary(results, context.style)}\n`);
    if (!options.wait && results.some((r) => r.documentId)) {
      context.io.stderr.write(
        `${context.errStyle.dim("uploaded; processing continues in the background: use --wait, or `docworker status <documentId>`")}\n`,
      );
    }
  }
  return ok ? 0 : 1;
}

function withDocument(result: IngestResult, document: ApiDocument): IngestResult {
  return {
    ...result,
    status: document.status,
    // A processed record may still carry the transient error of an earlier attempt: not its outcome.
    ...(document.error && document.status !== "PROCESSED"
      ? { error: { code: document.error.code, message: document.error.message } }
      : {}),
    ...(document.chunkCount === undefined ? {} : { chunkCount: document.chunkCount }),
    ...(document.pages === undefined ? {} : { pages: document.pages }),
    document,
  };
}

/** No API to talk to, or no right to: every other file would fail the same way, so stop. */
function stopsEverything(error: unknown, apiUrl: string): boolean {
  if (error instanceof ApiUnreachableError) return error.url === apiUrl;
  return error instanceof ApiProblemError && error.status === 401;
}

function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof ApiProblemError) return { code: error.code, message: error.detail };
  if (error instanceof ApiUnreachableError) return { code: "UNREACHABLE", message: `${error.url}: ${error.message}` };
  return { code: "ERROR", message: error instanceof Error ? error.message : String(error) };
}
