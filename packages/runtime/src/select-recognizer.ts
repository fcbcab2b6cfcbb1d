import type { TextRecognizer } from "@docworker/core";
import type { RuntimeConfig } from "./runtime-config.ts";

/** The in-process recognizer configuration names; tesseract.js is loaded only when asked for. */
export async function selectLocalRecognizer(config: RuntimeConfig): Promise<TextRecognizer | undefined> {
  const { engine, languages, workers } = config.recognition;
  if (engine !== "tesseract") return undefined;
  const { createTesseractRecognizer } = await import("@docworker/tesseract-recognizer");
  return createTesseractRecognizer({ languages, workers });
}
