import { boolSetting, type Env, intSetting } from "../env-settings.ts";
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

/**
 * Whether the index is an OpenSearch Serverless collection: OPENSEARCH_SERVERLESS, else an
 * *.aoss.amazonaws.com endpoint. The runtime asks this too (Serverless shows writes late).
 */
export function isServerlessCollection(env: Env): boolean {
  let host = "";
  try {
    host = new URL(env.OPENSEARCH_URL ?? "").hostname;
  } catch {
    // no or no valid URL: only the explicit setting can say
  }
  return boolSetting(env, "OPENSEARCH_SERVERLESS", AWS_HOST.exec(host)?.[1] === "aoss");
}

export function loadOpenSearchConfig(env: Env, options: { dimension: number }): OpenSearchConfig {
  const node = env.OPENSEARCH_URL?.trim();
  if (!node) throw new Error("invalid configuration: OPENSEARCH_URL is required");
  let host: string;
  try {
    host = new URL(node).hostname;
  } catch {
    throw new Error(`invalid configuration: OPENSEARCH_URL is not a URL: ${node}`);
  }
  const awsHost = AWS_HOST.exec(host);
  const serverless = isServerlessCollection(env);
  const auth = env.OPENSEARCH_AUTH?.trim() || (awsHost ? "sigv4" : "none");
  if (auth !== "sigv4" && auth !== "none")
    throw new Error("invalid configuration: OPENSEARCH_AUTH must be sigv4 or none");
  const region = env.OPENSEARCH_REGION || env.AWS_REGION || (awsHost ? host.split(".").at(-4) : undefined);
  if (auth === "sigv4" && !region) throw new Error("invalid configuration: set OPENSEARCH_REGION or AWS_REGION");
  const index = env.OPENSEARCH_INDEX?.trim() || "docworker-chunks";
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(index)) {
    throw new Error("invalid configuration: OPENSEARCH_INDEX must be lowercase letters, digits, '.', '_' or '-'");
  }
  if (!Number.isInteger(options.dimension) || options.dimension < 1 || options.dimension > 16_000) {
    throw new Error("invalid configuration: the vector dimension must be an integer from 1 to 16000");
  }
  return {
    node,
    index,
    serverless,
    ...(auth === "sigv4" && region ? { region } : {}),
    dimension: options.dimension,
    hnsw: {
      m: intSetting(env, "OPENSEARCH_HNSW_M", 16, 2, 100),
      efConstruction: intSetting(env, "OPENSEARCH_HNSW_EF_CONSTRUCTION", 128, 2, 4096),
    },
    requestTimeoutMs: intSetting(env, "OPENSEARCH_REQUEST_TIMEOUT_MS", 30_000, 1000, 600_000),
    maxRetries: intSetting(env, "OPENSEARCH_MAX_RETRIES", 3, 0, 10),
  };
}
