import { setTimeout as sleep } from "node:timers/promises";
import {
  AnalyzeDocumentCommand,
  type Block,
  DetectDocumentTextCommand,
  GetDocumentAnalysisCommand,
  GetDocumentTextDetectionCommand,
  StartDocumentAnalysisCommand,
  StartDocumentTextDetectionCommand,
  type TextractClient,
} from "@aws-sdk/client-textract";
import {
  DocworkerError,
  type ObjectRef,
  type PageImage,
  type RecognitionRequest,
  type RecognizedPage,
  type TextRecognizer,
} from "@docworker/core";
import { blocksToPages } from "./textract-blocks.ts";
import type { TextractConfig } from "./textract-config.ts";
import { fromTextractError } from "./textract-errors.ts";

// The synchronous operations take documents up to 10 MB in the request.
const MAX_SYNC_BYTES = 10 * 1024 * 1024;

/**
 * Amazon Textract as the TextRecognizer. A multi-page PDF in S3 is read in place by one
 * asynchronous job (StartDocumentTextDetection, or StartDocumentAnalysis with TABLES) polled to
 * the end; every other page is sent as its image to DetectDocumentText (or AnalyzeDocument).
 * The SDK retries throttling (adaptive mode); what is left of it comes back through the queue.
 */
export class TextractRecognizer implements TextRecognizer {
  readonly engine = "textract";
  readonly #client: TextractClient;
  readonly #config: TextractConfig;

  constructor(client: TextractClient, config: TextractConfig) {
    this.#client = client;
    this.#config = config;
  }

  async recognize(request: RecognitionRequest): Promise<RecognizedPage[]> {
    const { document, pages } = request;
    if (document.mediaType === "application/pdf" && document.pageCount > 1 && document.source) {
      const read = await this.#readJob(document.source);
      return pages.map((image) => read.get(image.page) ?? { page: image.page, lines: [], confidence: 0 });
    }
    const recognized: RecognizedPage[] = [];
    // One page at a time: Textract's per-account TPS for the synchronous calls is low (1-10).
    for (const image of pages) recognized.push(await this.#readImage(image));
    return recognized;
  }

  async close(): Promise<void> {
    this.#client.destroy();
  }

  async #readImage(image: PageImage): Promise<RecognizedPage> {
    if (image.bytes.byteLength > MAX_SYNC_BYTES) {
      throw new DocworkerError(
        "TOO_LARGE",
        `page ${image.page} is ${image.bytes.byteLength} bytes; Textract takes 10 MB`,
      );
    }
    const Document = { Bytes: image.bytes };
    const operation = this.#config.tables ? "AnalyzeDocument" : "DetectDocumentText";
    let blocks: Block[];
    try {
      const response = this.#config.tables
        ? await this.#client.send(new AnalyzeDocumentCommand({ Document, FeatureTypes: ["TABLES"] }))
        : await this.#client.send(new DetectDocumentTextCommand({ Document }));
      blocks = response.Blocks ?? [];
    } catch (error) {
      throw fromTextractError(error, operation);
    }
    const page = blocksToPages(blocks, image.page - 1).get(image.page);
    return page ?? { page: image.page, lines: [], confidence: 0 };
  }

  async #readJob(source: ObjectRef): Promise<Map<number, RecognizedPage>> {
    const DocumentLocation = { S3Object: { Bucket: source.bucket, Name: source.key } };
    const tables = this.#config.tables;
    let jobId: string | undefined;
    try {
      const started = tables
        ? await this.#client.send(new StartDocumentAnalysisCommand({ DocumentLocation, FeatureTypes: ["TABLES"] }))
        : await this.#client.send(new StartDocumentTextDetectionCommand({ DocumentLocation }));
      jobId = started.JobId;
    } catch (error) {
      throw fromTextractError(error, tables ? "StartDocumentAnalysis" : "StartDocumentTextDetection");
    }
    if (!jobId) throw new DocworkerError("DEPENDENCY_UNAVAILABLE", "Textract started no job");
    return blocksToPages(await this.#jobBlocks(jobId));
  }

  async #jobBlocks(jobId: string): Promise<Block[]> {
    const operation = this.#config.tables ? "GetDocumentAnalysis" : "GetDocumentTextDetection";
    const deadline = Date.now() + this.#config.jobTimeoutSeconds * 1000;
    const get = (NextToken?: string) => {
      const input = { JobId: jobId, MaxResults: 1000, ...(NextToken ? { NextToken } : {}) };
      return this.#config.tables
        ? this.#client.send(new GetDocumentAnalysisCommand(input))
        : this.#client.send(new GetDocumentTextDetectionCommand(input));
    };
    try {
      let first = await get();
      while (first.JobStatus === "IN_PROGRESS") {
        if (Date.now() > deadline) {
          throw new DocworkerError(
            "TIMEOUT",
            `Textract job ${jobId} did not finish in ${this.#config.jobTimeoutSeconds} s`,
          );
        }
        await sleep(this.#config.pollIntervalMs);
        first = await get();
      }
      if (first.JobStatus !== "SUCCEEDED" && first.JobStatus !== "PARTIAL_SUCCESS") {
        // A job that failed on the document (an unsupported or damaged PDF) fails the same way again.
        throw new DocworkerError(
          "UNSUPPORTED_TYPE",
          `Textract job ${jobId} ${first.JobStatus}: ${first.StatusMessage ?? "no reason given"}`,
        );
      }
      const blocks = [...(first.Blocks ?? [])];
      for (let token = first.NextToken; token; ) {
        const next = await get(token);
        blocks.push(...(next.Blocks ?? []));
        token = next.NextToken;
      }
      return blocks;
    } catch (error) {
      throw fromTextractError(error, operation);
    }
  }
}
