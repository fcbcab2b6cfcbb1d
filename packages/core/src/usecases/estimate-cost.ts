import type { CoreConfig } from "../config.ts";
import type { Usage } from "../domain/document.ts";

/** Per-document cost from the configured price table; undefined when no prices are set. */
export function estimateCostUsd(usage: Usage, prices: CoreConfig["prices"]): number | undefined {
  if (prices.inputPer1k === 0 && prices.outputPer1k === 0 && prices.embeddingPer1k === 0) return undefined;
  const cost =
    (usage.inputTokens * prices.inputPer1k +
      usage.outputTokens * prices.outputPer1k +
      usage.embeddingTokens * prices.embeddingPer1k) /
    1000;
  return Math.round(cost * 1e6) / 1e6;
}
