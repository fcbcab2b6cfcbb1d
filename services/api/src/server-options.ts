import { createServer } from "node:http";
import type { FastifyServerOptions } from "fastify";

export interface ServerLimits {
  /** A request (headers and body) must arrive within this long; a trickled body is cut off. */
  requestTimeoutSeconds: number;
  /** A connection idle this long is closed. */
  connectionTimeoutSeconds: number;
}

type Env = Record<string, string | undefined>;

function seconds(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 3600) {
    throw new Error(`invalid configuration: ${name} must be an integer from 1 to 3600`);
  }
  return value;
}

export function loadServerLimits(env: Env = process.env): ServerLimits {
  return {
    requestTimeoutSeconds: seconds(env, "API_REQUEST_TIMEOUT_SECONDS", 120),
    connectionTimeoutSeconds: seconds(env, "API_CONNECTION_TIMEOUT_SECONDS", 60),
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
  const raw = env.RATE_LIMIT_PER_MINUTE;
  const rateLimitPerMinute = raw === undefined || raw === "" ? 120 : Number(raw);
  if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1) {
    throw new Error("invalid configuration: RATE_LIMIT_PER_MINUTE must be a positive integer");
  }
  return { limits: loadServerLimits(env), rateLimitPerMinute };
}
