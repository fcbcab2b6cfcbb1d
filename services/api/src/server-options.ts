import { createServer } from "node:http";
import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";
import type { FastifyServerOptions } from "fastify";

export interface ServerLimits {
  /** A request (headers and body) must arrive within this long; a trickled body is cut off. */
  requestTimeoutSeconds: number;
  /** A connection idle this long is closed. */
  connectionTimeoutSeconds: number;
}

const api = ["api"] as const;

/** The API's own HTTP settings, read by the process that serves it. */
export const API_HTTP_SETTINGS = settingsSchema({
  PORT: Setting.integer(
    { minimum: 0, maximum: 65535 },
    { default: 3000, meaning: "the port the API listens on", readBy: api },
  ),
  HOST: Setting.string({ default: "127.0.0.1", meaning: "the address the API listens on", readBy: api }),
  PUBLIC_BASE_URL: Setting.optional(
    Setting.string({
      defaultText: "where the API listens",
      meaning: "embedded: the address upload URLs name, when the API is reached through another (a proxy)",
      readBy: api,
    }),
  ),
  RATE_LIMIT_PER_MINUTE: Setting.integer(
    { minimum: 1 },
    {
      default: 120,
      meaning: "`POST /documents` and `POST /search` per tenant and minute; then 429, Retry-After",
      readBy: api,
    },
  ),
  API_REQUEST_TIMEOUT_SECONDS: Setting.integer(
    { minimum: 1, maximum: 3600 },
    {
      default: 120,
      meaning: "a request (headers and body) must arrive within this; an upload URL's PUT too",
      readBy: api,
    },
  ),
  API_CONNECTION_TIMEOUT_SECONDS: Setting.integer(
    { minimum: 1, maximum: 3600 },
    { default: 60, meaning: "an idle connection is closed after this", readBy: api },
  ),
});

export const API_HTTP_CONCERN: SettingsConcern = { title: "API", schema: API_HTTP_SETTINGS };

export function loadServerLimits(env: Env = process.env): ServerLimits {
  const s = readSettings(API_HTTP_SETTINGS, env);
  return {
    requestTimeoutSeconds: s.API_REQUEST_TIMEOUT_SECONDS,
    connectionTimeoutSeconds: s.API_CONNECTION_TIMEOUT_SECONDS,
  };
}

/**
 * Node's HTTP server waits forever by default: a client that trickles a body, or opens
 * connections and sends nothing, holds them as long as it likes. 120 s lets a 100 MiB upload
 * through at under 1 MB/s. Node looks for requests past their timeout only every
 * connectionsCheckingInterval (30 s by default), hence a server of our own that looks every second.
 */
export function serverTimeouts(limits: ServerLimits): Pick<FastifyServerOptions, "serverFactory"> {
  return {
    serverFactory: (handler) => {
      const server = createServer(
        {
          requestTimeout: limits.requestTimeoutSeconds * 1000,
          headersTimeout: Math.min(limits.requestTimeoutSeconds, 60) * 1000,
          connectionsCheckingInterval: 1000,
        },
        handler,
      );
      server.setTimeout(limits.connectionTimeoutSeconds * 1000);
      return server;
    },
  };
}

/** The API's own HTTP settings, from the environment of the process that serves it. */
export interface ApiHttpConfig {
  limits: ServerLimits;
  rateLimitPerMinute: number;
}

export function loadApiHttpConfig(env: Env = process.env): ApiHttpConfig {
  return {
    limits: loadServerLimits(env),
    rateLimitPerMinute: readSettings(API_HTTP_SETTINGS, env).RATE_LIMIT_PER_MINUTE,
  };
}

/** Where the API listens, and the address its embedded upload URLs name. */
export interface ListenConfig {
  port: number;
  host: string;
  publicBaseUrl?: string;
}

export function loadListenConfig(env: Env = process.env): ListenConfig {
  const s = readSettings(API_HTTP_SETTINGS, env);
  return { port: s.PORT, host: s.HOST, ...(s.PUBLIC_BASE_URL ? { publicBaseUrl: s.PUBLIC_BASE_URL } : {}) };
}
