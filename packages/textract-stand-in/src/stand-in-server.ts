import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { RecognizedPage, TextRecognizer } from "@docworker/core";
import { answerControl, listen, readBody as readBounded, sendJson as sendWireJson } from "@docworker/wire-stand-in";
import { type FaultSettings, Faults } from "./faults.ts";
import { readDocument } from "./read-document.ts";
import { toBlocks, type WireBlock } from "./textract-blocks.ts";
import { TextractWireError } from "./wire-error.ts";

export interface TextractStandInOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1: the stand-in is for this machine only. */
  host?: string;
  /** Reads the pages; the emulated stack gives it Tesseract. */
  recognizer: TextRecognizer;
  /** Where the asynchronous operations read documents from (moto on the emulated stack). */
  s3?: S3Client;
  faults?: Partial<FaultSettings>;
}

export interface TextractStandIn {
  url: string;
  port: number;
  faults: Faults;
  /** Operations answered, by name, faulted ones included. */
  calls: Record<string, number>;
  stop(): Promise<void>;
}

interface Job {
  status: "IN_PROGRESS" | "SUCCEEDED" | "FAILED";
  statusMessage?: string;
  blocks: WireBlock[];
  pages: number;
}

const MAX_BODY_BYTES = 15 * 1024 * 1024;
// Textract's synchronous operations take documents up to 10 MB (5 MB in some regions).
const MAX_SYNC_BYTES = 10 * 1024 * 1024;
const TARGET_PREFIX = "Textract.";

/**
 * A local server speaking Amazon Textract's JSON wire protocol (awsJson1_1: POST / with
 * X-Amz-Target) for DetectDocumentText, AnalyzeDocument, StartDocumentTextDetection,
 * GetDocumentTextDetection, StartDocumentAnalysis and GetDocumentAnalysis. Text comes from
 * docworker's parser and the given recognizer; SigV4 signatures are accepted unchecked.
 */
export async function startTextractStandIn(options: TextractStandInOptions): Promise<TextractStandIn> {
  const faults = new Faults();
  if (options.faults) faults.set(options.faults);
  const calls: Record<string, number> = {};
  const jobs = new Map<string, Job>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path.startsWith("/_stand-in/")) return control(req, res, path);
    const target = String(req.headers["x-amz-target"] ?? "");
    if (req.method !== "POST" || !target.startsWith(TARGET_PREFIX)) {
      throw new TextractWireError("UnknownOperationException", `No operation at ${req.method} ${path} (${target})`);
    }
    const operation = target.slice(TARGET_PREFIX.length);
    calls[operation] = (calls[operation] ?? 0) + 1;
    const body = parseBody(await readBody(req));
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const fault = faults.take("throttleNext", "internalErrorNext");
    if (fault === "throttleNext") {
      throw new TextractWireError("ProvisionedThroughputExceededException", "Provisioned rate exceeded");
    }
    if (fault === "internalErrorNext") throw new TextractWireError("InternalServerError", "Internal server error");
    sendJson(res, 200, await answer(operation, body));
  };

  async function answer(operation: string, body: Record<string, unknown>): Promise<unknown> {
    switch (operation) {
      case "DetectDocumentText":
      case "AnalyzeDocument": {
        if (operation === "AnalyzeDocument" && !Array.isArray(body.FeatureTypes)) {
          throw new TextractWireError("InvalidParameterException", "FeatureTypes is required");
        }
        const pages = await readDocument(documentBytes(body), options.recognizer);
        if (pages.length > 1) {
          throw new TextractWireError("UnsupportedDocumentException", "Request has unsupported document format");
        }
        return {
          DocumentMetadata: { Pages: 1 },
          Blocks: toBlocks(pages, false, wantsTables(body)),
          [`${operation}ModelVersion`]: "1.0",
        };
      }
      case "StartDocumentTextDetection":
        return { JobId: startJob(body, false) };
      case "StartDocumentAnalysis":
        if (!Array.isArray(body.FeatureTypes)) {
          throw new TextractWireError("InvalidParameterException", "FeatureTypes is required");
        }
        return { JobId: startJob(body, wantsTables(body)) };
      case "GetDocumentTextDetection":
      case "GetDocumentAnalysis":
        return jobResult(body);
      default:
        throw new TextractWireError("UnknownOperationException", `The stand-in does not emulate ${operation}`);
    }
  }

  function startJob(body: Record<string, unknown>, tables: boolean): string {
    const location = (body.DocumentLocation as { S3Object?: { Bucket?: string; Name?: string; Version?: string } })
      ?.S3Object;
    if (!location?.Bucket || !location.Name) {
      throw new TextractWireError("InvalidParameterException", "DocumentLocation.S3Object needs Bucket and Name");
    }
    if (!options.s3) throw new TextractWireError("InvalidS3ObjectException", "the stand-in has no S3 to read from");
    const s3 = options.s3;
    const jobId = randomUUID().replaceAll("-", "");
    const job: Job = { status: "IN_PROGRESS", blocks: [], pages: 0 };
    jobs.set(jobId, job);
    const failing = faults.take("failJobNext") !== undefined;
    (async () => {
      if (failing) throw new Error("INTERNAL_ERROR: the stand-in was told to fail this job");
      const object = await s3.send(
        new GetObjectCommand({ Bucket: location.Bucket, Key: location.Name, VersionId: location.Version }),
      );
      const bytes = await object.Body?.transformToByteArray();
      if (!bytes)
        throw new Error("Unable to get object metadata from S3. Check object key, region and/or access permissions.");
      const pages: RecognizedPage[] = await readDocument(bytes, options.recognizer);
      job.blocks = toBlocks(pages, true, tables);
      job.pages = pages.length;
      job.status = "SUCCEEDED";
    })().catch((error: unknown) => {
      job.status = "FAILED";
      job.statusMessage = (error as Error).message;
    });
    return jobId;
  }

  function jobResult(body: Record<string, unknown>): unknown {
    const job = typeof body.JobId === "string" ? jobs.get(body.JobId) : undefined;
    if (!job) throw new TextractWireError("InvalidJobIdException", "An invalid job identifier was passed.");
    if (job.status !== "SUCCEEDED") {
      return { JobStatus: job.status, ...(job.statusMessage ? { StatusMessage: job.statusMessage } : {}) };
    }
    const maxResults = Math.min(1000, Math.max(1, Number(body.MaxResults ?? 1000)));
    const start = typeof body.NextToken === "string" ? Number(body.NextToken) : 0;
    if (!Number.isInteger(start) || start < 0 || start > job.blocks.length) {
      throw new TextractWireError("InvalidParameterException", "NextToken is not valid");
    }
    const end = start + maxResults;
    return {
      JobStatus: "SUCCEEDED",
      DocumentMetadata: { Pages: job.pages },
      Blocks: job.blocks.slice(start, end),
      ...(end < job.blocks.length ? { NextToken: String(end) } : {}),
      DetectDocumentTextModelVersion: "1.0",
    };
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const answer = await answerControl(req.method, path, () => readBody(req), { faults, calls: () => calls });
    if (answer === undefined) {
      throw new TextractWireError("UnknownOperationException", `No stand-in control at ${req.method} ${path}`);
    }
    sendJson(res, 200, answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const wire =
        error instanceof TextractWireError
          ? error
          : error instanceof TypeError || error instanceof SyntaxError
            ? new TextractWireError("InvalidParameterException", error.message)
            : new TextractWireError("InternalServerError", String(error));
      if (res.headersSent) return void res.end();
      sendJson(res, wire.status, wire.body, { "x-amzn-errortype": wire.type });
    });
  });
  const listening = await listen(server, { port: options.port, host: options.host });
  return { url: listening.url, port: listening.port, faults, calls, stop: listening.stop };
}

function wantsTables(body: Record<string, unknown>): boolean {
  return Array.isArray(body.FeatureTypes) && body.FeatureTypes.includes("TABLES");
}

function documentBytes(body: Record<string, unknown>): Uint8Array {
  const encoded = (body.Document as { Bytes?: unknown } | undefined)?.Bytes;
  if (typeof encoded !== "string" || encoded.length === 0) {
    throw new TextractWireError("InvalidParameterException", "Document.Bytes is required (S3Object is not emulated)");
  }
  const bytes = Buffer.from(encoded, "base64");
  if (bytes.byteLength > MAX_SYNC_BYTES) {
    throw new TextractWireError("DocumentTooLargeException", "S3 object size is more than the maximum limit");
  }
  return new Uint8Array(bytes);
}

function parseBody(raw: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(raw || "{}") as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new TextractWireError("InvalidParameterException", "The request body is not a JSON object");
}

function readBody(req: IncomingMessage): Promise<string> {
  return readBounded(
    req,
    MAX_BODY_BYTES,
    () => new TextractWireError("DocumentTooLargeException", "The request is too large"),
  );
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendWireJson(res, status, body, { contentType: "application/x-amz-json-1.1", headers });
}
