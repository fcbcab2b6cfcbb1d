import { createRequire } from "node:module";
import { type DestinationStream, type Logger, pino } from "pino";

const require = createRequire(import.meta.url);

export type LogFormat = "json" | "pretty";

/**
 * JSON lines, as CloudWatch and every log pipeline read them, unless a person is watching: on
 * a terminal the lines are pretty-printed. LOG_FORMAT=json|pretty decides instead of the TTY.
 */
export function logFormat(env: Record<string, string | undefined>, isTty = Boolean(process.stdout.isTTY)): LogFormat {
  const configured = env.LOG_FORMAT?.trim().toLowerCase();
  if (configured === "json" || configured === "pretty") return configured;
  if (configured) throw new Error(`invalid configuration: LOG_FORMAT must be json or pretty, not ${env.LOG_FORMAT}`);
  return isTty ? "pretty" : "json";
}

/**
 * Structured logs on stdout. Credentials never reach a log line: authorization headers,
 * pre-signed URLs' signatures and tokens are redacted wherever they appear.
 */
export function createLogger(
  name: string,
  level = process.env.LOG_LEVEL ?? "info",
  format: LogFormat = logFormat(process.env),
): Logger {
  const options = {
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
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (format === "json") return pino(options);
  // Synchronous, in this thread: the last lines before an exit are never lost. Loaded only for a
  // person watching: the containers log JSON.
  const pretty = require("pino-pretty") as typeof import("pino-pretty");
  const stream: DestinationStream = pretty({
    colorize: Boolean(process.stdout.isTTY),
    sync: true,
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname,name",
    singleLine: true,
    errorLikeObjectKeys: ["err", "error"],
  });
  return pino(options, stream);
}

export type { Logger };
