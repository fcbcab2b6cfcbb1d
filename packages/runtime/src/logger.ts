import { type Logger, pino } from "pino";

/**
 * Structured JSON logs on stdout. Credentials never reach a log line: authorization headers,
 * pre-signed URLs' signatures and tokens are redacted wherever they appear.
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        "headers.authorization",
        "*.token",
        "*.password",
        "*.secret",
        "upload.url",
      ],
      censor: "[redacted]",
    },
    formatters: { level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type { Logger };
