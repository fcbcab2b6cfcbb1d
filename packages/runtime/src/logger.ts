import { createRequire } from "node:module";
import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";
import { type DestinationStream, type Logger, pino } from "pino";

const require = createRequire(import.meta.url);

export type LogFormat = "json" | "pretty";

const both = ["api", "worker"] as const;

export const LOGGING_SETTINGS = settingsSchema({
  LOG_LEVEL: Setting.oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
    default: "info",
    meaning: "pino level; successful `/health` probes log at `debug`",
    readBy: both,
  }),
  LOG_FORMAT: Setting.optional(
    Setting.oneOf(["json", "pretty"], {
      defaultText: "`pretty` on a terminal, else `json`",
      meaning: "`json` (one line per event, as on ECS) or `pretty` (pino-pretty)",
      readBy: both,
    }),
  ),
});

export const LOGGING_CONCERN: SettingsConcern = { title: "logging", schema: LOGGING_SETTINGS };

/**
 * JSON lines, as CloudWatch and every log pipeline read them, unless a person is watching: on
 * a terminal the lines are pretty-printed. LOG_FORMAT=json|pretty decides instead of the TTY.
 */
export function logFormat(env: Env, isTty = Boolean(process.stdout.isTTY)): LogFormat {
  return readSettings(LOGGING_SETTINGS, env).LOG_FORMAT ?? (isTty ? "pretty" : "json");
}

export function logLevel(env: Env): string {
  return readSettings(LOGGING_SETTINGS, env).LOG_LEVEL;
}

/**
 * Structured logs on stdout. Credentials never reach a log line: authorization headers,
 * pre-signed URLs' signatures and tokens are redacted wherever they appear.
 */
export function createLogger(
  name: string,
  level = logLevel(process.env),
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
