import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";

/** How docworker calls Amazon Textract; everything from the environment. */
export interface TextractConfig {
  /** TEXTRACT_REGION, else AWS_REGION, else us-east-1. */
  region: string;
  /** TEXTRACT_ENDPOINT_URL: another endpoint, e.g. the local stand-in. */
  endpoint?: string;
  /** TEXTRACT_FEATURES=TABLES: AnalyzeDocument with TABLES instead of DetectDocumentText. */
  tables: boolean;
  /** TEXTRACT_MAX_ATTEMPTS: SDK attempts per call (adaptive retry, throttling included). */
  maxAttempts: number;
  /** TEXTRACT_POLL_MS: time between GetDocumentTextDetection calls while a job runs. */
  pollIntervalMs: number;
  /** TEXTRACT_JOB_TIMEOUT_SECONDS: a job that has not finished by then is a transient TIMEOUT. */
  jobTimeoutSeconds: number;
}

const worker = ["worker"] as const;

export const TEXTRACT_SETTINGS = settingsSchema({
  TEXTRACT_REGION: Setting.optional(
    Setting.string({
      defaultText: "`AWS_REGION`, else `us-east-1`",
      meaning: "the region Textract is called in",
      readBy: worker,
    }),
  ),
  TEXTRACT_ENDPOINT_URL: Setting.optional(
    Setting.string({
      defaultText: "the regional endpoint",
      meaning: "another Textract endpoint (the emulated stack's stand-in)",
      readBy: worker,
    }),
  ),
  TEXTRACT_FEATURES: Setting.list(["TABLES"], {
    default: [],
    defaultText: "none",
    meaning: "`TABLES`: AnalyzeDocument with table cells as rows, instead of DetectDocumentText",
    readBy: worker,
  }),
  TEXTRACT_MAX_ATTEMPTS: Setting.integer(
    { minimum: 1 },
    { default: 6, meaning: "SDK attempts per Textract call (adaptive retry, throttling included)", readBy: worker },
  ),
  TEXTRACT_POLL_MS: Setting.integer(
    { minimum: 1 },
    { default: 5000, meaning: "time between GetDocumentTextDetection calls while a job runs", readBy: worker },
  ),
  TEXTRACT_JOB_TIMEOUT_SECONDS: Setting.integer(
    { minimum: 1 },
    { default: 900, meaning: "a Textract job not finished by then is a transient `TIMEOUT`", readBy: worker },
  ),
});

export const TEXTRACT_CONCERN: SettingsConcern = { title: "Textract", schema: TEXTRACT_SETTINGS };

export function loadTextractConfig(env: Env): TextractConfig {
  const s = readSettings(TEXTRACT_SETTINGS, env);
  return {
    region: s.TEXTRACT_REGION ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
    ...(s.TEXTRACT_ENDPOINT_URL ? { endpoint: s.TEXTRACT_ENDPOINT_URL } : {}),
    tables: s.TEXTRACT_FEATURES.includes("TABLES"),
    maxAttempts: s.TEXTRACT_MAX_ATTEMPTS,
    pollIntervalMs: s.TEXTRACT_POLL_MS,
    jobTimeoutSeconds: s.TEXTRACT_JOB_TIMEOUT_SECONDS,
  };
}
