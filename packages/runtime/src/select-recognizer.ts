import type { ParsePoolConfig } from "@docworker/parse-pool";
import type { RuntimeConfig } from "./runtime-config.ts";

/**
 * Tesseract's settings for the parse pool's workers, when it is the configured engine. Its
 * language data is checked here, so a missing language fails at start-up, not on the first scan.
 */
export async function tesseractInPool(config: RuntimeConfig): Promise<ParsePoolConfig["tesseract"]> {
  const { engine, languages, workers, recoverMissedLines } = config.recognition;
  if (engine !== "tesseract") return undefined;
  const { assertLanguageData } = await import("@docworker/tesseract-recognizer/language-data");
  assertLanguageData(languages);
  return { languages, workers, recoverMissedLines };
}
