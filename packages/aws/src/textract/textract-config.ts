type Env = Record<string, string | undefined>;

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

export function loadTextractConfig(env: Env): TextractConfig {
  const features = (env.TEXTRACT_FEATURES ?? "")
    .toUpperCase()
    .split(",")
    .map((feature) => feature.trim())
    .filter(Boolean);
  if (features.some((feature) => feature !== "TABLES")) {
    throw new Error("invalid configuration: TEXTRACT_FEATURES supports TABLES");
  }
  const endpoint = env.TEXTRACT_ENDPOINT_URL?.trim();
  return {
    region: env.TEXTRACT_REGION ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
    ...(endpoint ? { endpoint } : {}),
    tables: features.includes("TABLES"),
    maxAttempts: positiveInt(env, "TEXTRACT_MAX_ATTEMPTS", 6),
    pollIntervalMs: positiveInt(env, "TEXTRACT_POLL_MS", 5000),
    jobTimeoutSeconds: positiveInt(env, "TEXTRACT_JOB_TIMEOUT_SECONDS", 900),
  };
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`invalid configuration: ${name} must be a positive integer`);
  return value;
}
