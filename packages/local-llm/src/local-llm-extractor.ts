import { availableParallelism } from "node:os";
import {
  DocworkerError,
  type ExtractionOutput,
  type ExtractionRequest,
  type ExtractionSchema,
  ExtractionValidator,
  type Extractor,
} from "@docworker/core";
import type { Llama, LlamaContext, LlamaGrammar, LlamaModel } from "node-llama-cpp";
import pLimit from "p-limit";
import { toGrammarSchema } from "./grammar-schema.ts";
import { assertModelFile, LOCAL_LLM_MODEL_NAME } from "./model-file.ts";
import { buildExtractionPrompt } from "./prompt.ts";

export interface LocalLlmOptions {
  /** A GGUF file (`make model-llm` fetches the default). */
  modelPath: string;
  /** CPU threads for generation; half the cores (at least one) when unset. */
  threads?: number;
  /** Tokens the model may write for one document: the grammar's bounds keep answers below it. */
  maxOutputTokens?: number;
  /** The name results carry as `model`. */
  modelName?: string;
}

/** The part of the extractor the rules-first combination calls: only the fields it names. */
export interface FieldFiller {
  fill(request: ExtractionRequest, fields: readonly string[]): Promise<FilledFields>;
}

export interface FilledFields {
  values: Record<string, unknown>;
  model: string;
  usage: { inputTokens: number; outputTokens: number };
}

export type LocalLlmExtractor = Extractor & FieldFiller & { close(): Promise<void> };

const CONTEXT_TOKENS = 3072;

/**
 * A small instruction-tuned model on llama.cpp's CPU build, decoding under a grammar made from
 * the class's JSON Schema, so every answer parses and has the schema's shape; the schema
 * validator still has the last word, as for every extractor. The weights load with the first
 * document (a process that never extracts never holds them), one document at a time: llama.cpp
 * already spreads one generation over the cores, and one context keeps memory flat.
 */
export function createLocalLlmExtractor(options: LocalLlmOptions): LocalLlmExtractor {
  const modelPath = assertModelFile(options.modelPath);
  const modelName = options.modelName ?? LOCAL_LLM_MODEL_NAME;
  const maxTokens = options.maxOutputTokens ?? 400;
  // llama.cpp's threads spin while they wait for each other: on a machine whose cores are busy
  // with OCR and embeddings, two threads on two cores took 118 s for a receipt that one thread
  // read in 28 s. Half the cores leaves room for the rest of the pipeline.
  const threads = options.threads ?? Math.max(1, Math.floor(availableParallelism() / 2));
  const validator = new ExtractionValidator();
  const oneAtATime = pLimit(1);
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  let loaded: Promise<{ llama: Llama; model: LlamaModel; context: LlamaContext }> | undefined;

  const load = () => {
    loaded ??= (async () => {
      const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
      // The CPU build that ships in @node-llama-cpp/linux-*: never a GPU probe, never a download.
      const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
      const model = await llama.loadModel({ modelPath });
      const context = await model.createContext({ contextSize: CONTEXT_TOKENS, threads });
      return { llama, model, context };
    })();
    return loaded;
  };

  const grammarFor = (llama: Llama, schema: Record<string, unknown>) => {
    const key = JSON.stringify(schema);
    let grammar = grammars.get(key);
    if (!grammar) {
      grammar = llama.createGrammarForJsonSchema(toGrammarSchema(schema) as never) as Promise<LlamaGrammar>;
      grammars.set(key, grammar);
    }
    return grammar;
  };

  const generate = (request: ExtractionRequest, schema: ExtractionSchema, fields?: readonly string[]) =>
    oneAtATime(async () => {
      const { llama, model, context } = await load();
      const { LlamaChatSession } = await import("node-llama-cpp");
      const prompt = buildExtractionPrompt({ ...request, schema }, fields);
      const grammar = await grammarFor(llama, schema.schema);
      const sequence = context.getSequence();
      try {
        const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt: prompt.system });
        const answer = await session.prompt(prompt.user, { grammar, temperature: 0, maxTokens });
        const usage = {
          inputTokens: model.tokenize(prompt.system).length + model.tokenize(prompt.user).length,
          outputTokens: model.tokenize(answer).length,
        };
        return { values: parseAnswer(answer, schema), usage };
      } finally {
        sequence.dispose();
      }
    });

  return {
    async extract(request) {
      const { values, usage } = await generate(request, request.schema);
      const data = validator.assertValid(request.schema, values, "local LLM extractor");
      return { data, extractor: "local-llm", model: modelName, usage } satisfies ExtractionOutput;
    },
    async fill(request, fields) {
      const { values, usage } = await generate(request, onlyFields(request.schema, fields), fields);
      return { values, model: modelName, usage };
    },
    async close() {
      const current = loaded;
      loaded = undefined;
      if (current) await (await current).llama.dispose();
    },
  };
}

/** The grammar guarantees JSON unless the output budget ran out first: then the answer is cut. */
function parseAnswer(answer: string, schema: ExtractionSchema): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(answer);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through: reported below with the schema it was meant to follow
  }
  throw new DocworkerError("EXTRACTION_INVALID", `local LLM extractor wrote no complete ${schema.id} object`);
}

/** The class's schema narrowed to some of its properties, for filling only those. */
export function onlyFields(schema: ExtractionSchema, fields: readonly string[]): ExtractionSchema {
  const properties = (schema.schema.properties ?? {}) as Record<string, unknown>;
  const kept = Object.fromEntries(Object.entries(properties).filter(([name]) => fields.includes(name)));
  return {
    id: `${schema.id}#${fields.join(",")}`,
    schema: { ...schema.schema, properties: kept, required: Object.keys(kept) },
  };
}
