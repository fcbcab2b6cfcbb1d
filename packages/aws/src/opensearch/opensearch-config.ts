import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";
import type { HnswParameters } from "./chunk-mapping.ts";

/** Where the chunk index lives and how to reach it. */
export interface OpenSearchConfig {
  /** OPENSEARCH_URL, e.g. https://abc123.us-east-1.aoss.amazonaws.com or http://127.0.0.1:9200. */
  node: string;
  /** OPENSEARCH_INDEX (default docworker-chunks). */
  index: string;
  /**
   * OPENSEARCH_SERVERLESS=true|false (default: true for *.aoss.amazonaws.com). Signs for service
   * `aoss` instead of `es`.
   */
  serverless: boolean;
  /**
   * Set: requests are SigV4-signed for this region with the default credential chain. Unset: no
   * signing (a plain node, as in tests). OPENSEARCH_AUTH=sigv4|none (default: sigv4 for
   * *.amazonaws.com hosts); the region is OPENSEARCH_REGION, else AWS_REGION, else the host's.
   */
  region?: string;
  /** Vector dimension: the embedder's, passed in by whoever wires the adapters. */
  dimension: number;
  /** OPENSEARCH_HNSW_M (16), OPENSEARCH_HNSW_EF_CONSTRUCTION (128): used when the index is created. */
  hnsw: HnswParameters;
  /** OPENSEARCH_REQUEST_TIMEOUT_MS (30000): one HTTP request. */
  requestTimeoutMs: number;
  /** OPENSEARCH_MAX_RETRIES (3): client retries on 502/503/504 and lost connections. */
  maxRetries: number;
}

const AWS_HOST = /\.(aoss|es)\.amazonaws\.com$/;
const both = ["api", "worker"] as const;

export const OPENSEARCH_SETTINGS = settingsSchema({
  OPENSEARCH_URL: Setting.optional(
    Setting.string({
      defaultText: "required on AWS",
      meaning: "the chunk index's endpoint: a Serverless collection or a node",
      readBy: both,
    }),
  ),
  OPENSEARCH_INDEX: Setting.string({
    default: "docworker-chunks",
    pattern: "^[a-z0-9][a-z0-9._-]*$",
    meaning: "the index name (each vector space's index starts with it)",
    readBy: both,
  }),
  OPENSEARCH_SERVERLESS: Setting.optional(
    Setting.boolean({
      defaultText: "`true` for `*.aoss.amazonaws.com`",
      meaning: "sign for `aoss` instead of `es`; a delete runs again after `INDEX_SETTLE_SECONDS`",
      readBy: both,
    }),
  ),
  OPENSEARCH_AUTH: Setting.optional(
    Setting.oneOf(["sigv4", "none"], {
      defaultText: "`sigv4` for `*.amazonaws.com`, else `none`",
      meaning: "SigV4-sign requests, or not (a plain node)",
      readBy: both,
    }),
  ),
  OPENSEARCH_REGION: Setting.optional(
    Setting.string({
      defaultText: "`AWS_REGION`, else the host's",
      meaning: "the region requests are signed for",
      readBy: both,
    }),
  ),
  OPENSEARCH_HNSW_M: Setting.integer(
    { minimum: 2, maximum: 100 },
    { default: 16, meaning: "HNSW graph degree, when an index is created", readBy: ["api"] },
  ),
  OPENSEARCH_HNSW_EF_CONSTRUCTION: Setting.integer(
    { minimum: 2, maximum: 4096 },
    { default: 128, meaning: "HNSW build breadth, when an index is created", readBy: ["api"] },
  ),
  OPENSEARCH_REQUEST_TIMEOUT_MS: Setting.integer(
    { minimum: 1000, maximum: 600_000 },
    { default: 30_000, meaning: "one HTTP request to the index", readBy: both },
  ),
  OPENSEARCH_MAX_RETRIES: Setting.integer(
    { minimum: 0, maximum: 10 },
    { default: 3, meaning: "client retries on 502/503/504 and lost connections", readBy: both },
  ),
});

export const OPENSEARCH_CONCERN: SettingsConcern = { title: "OpenSearch", schema: OPENSEARCH_SETTINGS };

/**
 * Whether the index is an OpenSearch Serverless collection: OPENSEARCH_SERVERLESS, else an
 * *.aoss.amazonaws.com endpoint. The runtime asks this too (Serverless shows writes late).
 */
export function isServerlessCollection(env: Env): boolean {
  const s = readSettings(OPENSEARCH_SETTINGS, env);
  return s.OPENSEARCH_SERVERLESS ?? AWS_HOST.exec(hostOf(s.OPENSEARCH_URL) ?? "")?.[1] === "aoss";
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? "").hostname;
  } catch {
    return undefined; // no or no valid URL: only the explicit setting can say
  }
}

export function loadOpenSearchConfig(env: Env, options: { dimension: number }): OpenSearchConfig {
  const s = readSettings(OPENSEARCH_SETTINGS, env);
  const node = s.OPENSEARCH_URL;
  if (!node) throw new Error("invalid configuration: OPENSEARCH_URL is required");
  const host = hostOf(node);
  if (host === undefined) throw new Error(`invalid configuration: OPENSEARCH_URL is not a URL: ${node}`);
  const awsHost = AWS_HOST.exec(host);
  const serverless = s.OPENSEARCH_SERVERLESS ?? awsHost?.[1] === "aoss";
  const auth = s.OPENSEARCH_AUTH ?? (awsHost ? "sigv4" : "none");
  const region = s.OPENSEARCH_REGION || env.AWS_REGION || (awsHost ? host.split(".").at(-4) : undefined);
  if (auth === "sigv4" && !region) throw new Error("invalid configuration: set OPENSEARCH_REGION or AWS_REGION");
  if (!Number.isInteger(options.dimension) || options.dimension < 1 || options.dimension > 16_000) {
    throw new Error("invalid configuration: the vector dimension must be an integer from 1 to 16000");
  }
  return {
    node,
    index: s.OPENSEARCH_INDEX,
    serverless,
    ...(auth === "sigv4" && region ? { region } : {}),
    dimension: options.dimension,
    hnsw: { m: s.OPENSEARCH_HNSW_M, efConstruction: s.OPENSEARCH_HNSW_EF_CONSTRUCTION },
    requestTimeoutMs: s.OPENSEARCH_REQUEST_TIMEOUT_MS,
    maxRetries: s.OPENSEARCH_MAX_RETRIES,
  };
}
