import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";

export type RecognizerKind = "tesseract" | "textract" | "none";

export interface RecognitionConfig {
  engine: RecognizerKind;
  /** Tesseract language codes, each from its @tesseract.js-data package. */
  languages: string[];
  /** Tesseract worker threads. */
  workers: number;
  /** OCR_SECOND_PASS=sparse: each page read again in sparse-text mode for the lines the first reading dropped. */
  recoverMissedLines: boolean;
}

const worker = ["worker"] as const;

export const RECOGNITION_SETTINGS = settingsSchema({
  OCR_ENGINE: Setting.optional(
    Setting.oneOf(["tesseract", "textract", "none"], {
      defaultText: "`tesseract`; `textract` on AWS",
      meaning: "`tesseract` (parse pool), `textract` (AWS) or `none` (scans end `NO_TEXT_LAYER`)",
      readBy: worker,
    }),
  ),
  OCR_LANGUAGES: Setting.list(undefined, {
    default: ["eng"],
    meaning: "Tesseract languages (`eng+fra`, each from its `@tesseract.js-data` package)",
    readBy: worker,
  }),
  OCR_WORKERS: Setting.integer(
    { minimum: 1, maximum: 16 },
    { default: 1, meaning: "Tesseract threads", readBy: worker },
  ),
  OCR_SECOND_PASS: Setting.oneOf(["sparse", "off"], {
    default: "sparse",
    meaning: "`sparse`: a second reading of each page for lines the first dropped (1.3-1.5× the time); `off`: once",
    readBy: worker,
  }),
});

export const RECOGNITION_CONCERN: SettingsConcern = { title: "text recognition", schema: RECOGNITION_SETTINGS };

/** Only the worker reads scans: the API never opens a recognizer. */
export function loadRecognitionConfig(env: Env, options: { servesWorker: boolean; onAws: boolean }): RecognitionConfig {
  if (!options.servesWorker) return { engine: "none", languages: [], workers: 1, recoverMissedLines: false };
  const s = readSettings(RECOGNITION_SETTINGS, env);
  const engine = s.OCR_ENGINE ?? (options.onAws ? "textract" : "tesseract");
  if (engine === "textract" && !options.onAws) {
    throw new Error("invalid configuration: OCR_ENGINE=textract needs DOCWORKER_ADAPTERS=aws");
  }
  return {
    engine,
    languages: s.OCR_LANGUAGES,
    workers: s.OCR_WORKERS,
    recoverMissedLines: s.OCR_SECOND_PASS === "sparse",
  };
}
