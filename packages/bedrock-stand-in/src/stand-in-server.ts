import { createServer as createHttp1Server } from "node:http";
import { createServer as createHttp2Server, type Http2Session } from "node:http2";
import { createServer as createTcpServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import {
  answerControl,
  listen,
  readBody as readBounded,
  type StandInRequest,
  type StandInResponse,
  sendJson as sendWireJson,
} from "@docworker/wire-stand-in";
import { CallLog, type ModelOperation } from "./call-log.ts";
import { CohereEmbeddings, isCohereEmbed } from "./cohere-embeddings.ts";
import { ConverseModel } from "./converse.ts";
import { type FaultSettings, Faults } from "./faults.ts";
import { DEFAULT_LIMITS, type StandInLimits } from "./limits.ts";
import { answerRerank } from "./rerank.ts";
import { isTitanEmbedV2, TitanEmbeddings } from "./titan-embeddings.ts";
import { BedrockWireError, malformedInput } from "./wire-error.ts";

export interface BedrockStandInOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1: the stand-in is for this machine only. */
  host?: string;
  limits?: Partial<StandInLimits>;
  faults?: Partial<FaultSettings>;
}

export interface BedrockStandIn {
  /** Base URL to give the SDK as `endpoint`, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  port: number;
  /** Live fault settings: `faults.set({throttleNext: 3})` affects the very next calls. */
  faults: Faults;
  /** Every model call it answered, faulted ones included. */
  calls: CallLog;
  /** Live limits; change a field to change the next call's behaviour. */
  limits: StandInLimits;
  stop(): Promise<void>;
}

type IncomingMessage = StandInRequest;
type ServerResponse = StandInResponse;

const MODEL_ROUTE = /^\/model\/([^/]+)\/(invoke|converse|invoke-with-response-stream|converse-stream)$/;
const MAX_BODY_BYTES = 25 * 1024 * 1024;

/**
 * Starts a local HTTP server that speaks the Bedrock runtime wire protocol (restJson1) for
 * InvokeModel on Titan Text Embeddings V2 and Converse with tool use. SigV4 signatures are
 * accepted without being checked. See the package README for what is and is not emulated.
 */
export async function startBedrockStandIn(options: BedrockStandInOptions = {}): Promise<BedrockStandIn> {
  const faults = new Faults();
  if (options.faults) faults.set(options.faults);
  const calls = new CallLog();
  const limits: StandInLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const titan = new TitanEmbeddings();
  const converse = new ConverseModel();
  const cohere = new CohereEmbeddings();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    route(req, res).catch((error: unknown) => {
      const wire =
        error instanceof BedrockWireError ? error : new BedrockWireError("InternalServerException", String(error));
      if (!res.headersSent) sendError(res, wire);
      else res.end();
    });
  };
  const server = listenHttp1AndHttp2(handle);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path.startsWith("/_stand-in/")) return control(req, res, path);
    if (path === "/rerank" && req.method === "POST") {
      // bedrock-agent-runtime's Rerank, on the same port: point that client's endpoint here too.
      calls.entered();
      try {
        return await rerankCall(await readBody(req), res);
      } finally {
        calls.left();
      }
    }
    const match = MODEL_ROUTE.exec(path);
    if (!match || req.method !== "POST") {
      return sendError(res, new BedrockWireError("UnknownOperationException", `No operation at ${req.method} ${path}`));
    }
    const modelId = decodeURIComponent(match[1] as string);
    const operation = match[2] as string;
    if (operation !== "invoke" && operation !== "converse") {
      return sendError(
        res,
        new BedrockWireError("UnknownOperationException", `The stand-in does not emulate ${operation}`),
      );
    }
    calls.entered();
    try {
      await modelCall(operation, modelId, await readBody(req), res);
    } finally {
      calls.left();
    }
  }

  async function modelCall(
    operation: ModelOperation,
    modelId: string,
    raw: string,
    res: ServerResponse,
  ): Promise<void> {
    const startedAt = Date.now();
    let body: unknown;
    let chars = 0;
    try {
      body = parseJson(raw, operation);
      if (operation === "invoke") {
        const inputText = (body as { inputText?: unknown } | null)?.inputText;
        chars = typeof inputText === "string" ? inputText.length : 0;
      }
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      const failure = faults.takeServiceFailure();
      if (failure) throw failure;
      if (operation === "invoke" && isCohereEmbed(modelId)) {
        const answer = await cohere.answer(modelId, body);
        calls.record({ operation, modelId, status: 200, inputChars: chars, body });
        return sendJson(res, 200, answer.body, {
          "x-amzn-bedrock-input-token-count": String(answer.inputTokenCount),
          "x-amzn-bedrock-invocation-latency": String(Date.now() - startedAt),
        });
      }
      if (operation === "invoke") {
        if (!isTitanEmbedV2(modelId))
          throw new BedrockWireError("ValidationException", "The provided model identifier is invalid.");
        const answer = await titan.answer(body, limits, faults.tooLongOver);
        calls.record({ operation, modelId, status: 200, inputChars: chars, body });
        return sendJson(res, 200, answer.body, {
          "x-amzn-bedrock-input-token-count": String(answer.inputTextTokenCount),
          "x-amzn-bedrock-invocation-latency": String(Date.now() - startedAt),
        });
      }
      if (modelId.includes("embed")) {
        throw new BedrockWireError(
          "ValidationException",
          "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
        );
      }
      const maxChars = Math.min(limits.converseMaxInputChars, faults.tooLongOver ?? Number.POSITIVE_INFINITY);
      const checked = converse.check(body);
      chars = checked.chars;
      converse.checkLength(chars, maxChars);
      const fault = checked.request.toolConfig ? faults.takeAnswerFault() : undefined;
      const answer = await converse.answer(checked.request, chars, fault, startedAt);
      calls.record({ operation, modelId, status: 200, inputChars: chars, body });
      return sendJson(res, 200, answer);
    } catch (error) {
      if (!(error instanceof BedrockWireError)) throw error;
      calls.record({ operation, modelId, status: error.status, errorType: error.type, inputChars: chars, body });
      sendError(res, error);
    }
  }

  async function rerankCall(raw: string, res: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = parseJson(raw, "rerank");
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      const failure = faults.takeServiceFailure();
      if (failure) throw failure;
      const answer = answerRerank(body);
      calls.record({ operation: "rerank", modelId: rerankModelOf(body), status: 200, inputChars: raw.length, body });
      return sendJson(res, 200, answer);
    } catch (error) {
      if (!(error instanceof BedrockWireError)) throw error;
      calls.record({
        operation: "rerank",
        modelId: rerankModelOf(body),
        status: error.status,
        errorType: error.type,
        inputChars: raw.length,
        body,
      });
      sendError(res, error);
    }
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    let answer: unknown;
    try {
      answer = await answerControl(req.method, path, () => readBody(req), {
        faults,
        calls: () => calls.counts(),
        reset: () => {
          faults.clear();
          calls.reset();
          return { faults: faults.snapshot(), calls: calls.counts() };
        },
      });
    } catch (error) {
      return sendError(res, new BedrockWireError("ValidationException", (error as Error).message));
    }
    if (answer === undefined) {
      return sendError(
        res,
        new BedrockWireError("UnknownOperationException", `No stand-in control at ${req.method} ${path}`),
      );
    }
    return sendJson(res, 200, answer);
  }

  const listening = await listen(server.tcp, { port: options.port, host: options.host, onStop: server.stop });
  return { url: listening.url, port: listening.port, faults, calls, limits, stop: listening.stop };
}

/**
 * One port for both protocols: the Bedrock runtime client of SDK v3 speaks HTTP/2 by default
 * (cleartext "prior knowledge" on an http:// endpoint), curl, boto3 and an SDK client given the
 * HTTP/1.1 handler speak HTTP/1.1. The first bytes of a connection tell which: HTTP/2 opens with
 * the "PRI * HTTP/2.0" preface.
 */
function listenHttp1AndHttp2(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const http1 = createHttp1Server(handle);
  const http2 = createHttp2Server((req, res) => handle(req, res));
  const sessions = new Set<Http2Session>();
  http2.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  const tcp = createTcpServer((socket) => {
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      const target = first.subarray(0, 14).toString("latin1") === "PRI * HTTP/2.0" ? http2 : http1;
      target.emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
  });
  const stop = () => {
    for (const session of sessions) session.destroy();
  };
  return { tcp, stop };
}

function rerankModelOf(body: unknown): string {
  const arn = (
    body as {
      rerankingConfiguration?: { bedrockRerankingConfiguration?: { modelConfiguration?: { modelArn?: unknown } } };
    } | null
  )?.rerankingConfiguration?.bedrockRerankingConfiguration?.modelConfiguration?.modelArn;
  return typeof arn === "string" ? arn : "";
}

function parseJson(raw: string, operation: ModelOperation): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    if (operation === "invoke") throw malformedInput("#: the body is not valid JSON");
    throw new BedrockWireError("ValidationException", "The request body is not valid JSON.");
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return readBounded(
    req,
    MAX_BODY_BYTES,
    () => new BedrockWireError("ValidationException", "The request body is too large."),
  );
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendWireJson(res, status, body, { headers });
}

function sendError(res: ServerResponse, error: BedrockWireError): void {
  sendJson(res, error.status, { message: error.message }, { "x-amzn-errortype": error.headerValue });
}
