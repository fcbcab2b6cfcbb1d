import type { Extractor } from "@docworker/core";
import { importOptional } from "./import-optional.ts";
import type { RuntimeConfig } from "./runtime-config.ts";

/**
 * The embedded extractor configuration names. The local LLM's package (llama.cpp) is loaded only
 * when asked for; a missing model file fails here, at start-up, naming `make model-llm`.
 */
export async function selectLocalExtractor(config: Pick<RuntimeConfig, "extractor" | "localLlm">): Promise<Extractor> {
  const { createRulesExtractor } = await import("@docworker/local-models");
  if (config.extractor === "rules") return createRulesExtractor();
  const { createLocalLlmExtractor, createRulesThenLlmExtractor } = await importLocalLlm();
  const llm = createLocalLlmExtractor({
    modelPath: config.localLlm.modelPath,
    ...(config.localLlm.threads ? { threads: config.localLlm.threads } : {}),
  });
  if (config.extractor === "local-llm") return llm;
  const combined = createRulesThenLlmExtractor(createRulesExtractor(), llm);
  return Object.assign(combined, { close: () => llm.close() });
}

function importLocalLlm(): Promise<typeof import("@docworker/local-llm")> {
  return importOptional(
    () => import("@docworker/local-llm"),
    "the local LLM extractor needs @docworker/local-llm, which this installation leaves out (the AWS images do): " +
      "set EXTRACTOR=rules",
  );
}
