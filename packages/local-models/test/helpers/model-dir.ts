import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** Where `make model-minilm` puts the model in this checkout. */
export const MODEL_DIR = resolve(import.meta.dirname, "../../../../.tools/models/all-MiniLM-L6-v2");

/** The model is fetched on demand, not installed with the dependencies: without it these tests skip. */
export const MODEL_PRESENT = existsSync(MODEL_DIR);

/** A describe title that says why its tests were skipped when the model is absent. */
export function needsModel(title: string): string {
  return MODEL_PRESENT ? title : `${title} [skipped: ${MODEL_DIR} is absent; run \`make model-minilm\`]`;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    aa += x * x;
    bb += y * y;
  }
  return dot / Math.sqrt(aa * bb);
}
