import { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import type { Client } from "@opensearch-project/opensearch";

/** The calls docworker makes on OpenSearch: a full Client has them, and so has the lean one. */
export type OpenSearchCalls = Pick<Client, "bulk" | "count" | "search"> & {
  indices: Pick<Client["indices"], "create" | "delete" | "exists" | "getMapping" | "putMapping" | "refresh">;
};

/** A Connection and Transport to use instead of the library's, as the SigV4 signer returns them. */
export interface OpenSearchTransportClasses {
  Connection?: unknown;
  Transport?: unknown;
}

export interface LeanClientOptions extends OpenSearchTransportClasses {
  node: string;
  requestTimeout: number;
  maxRetries: number;
}

const require = createRequire(import.meta.url);
// The package's own files (its exports map "./*"), CommonJS, named with their extension.
const load = (file: string) => require(`@opensearch-project/opensearch/${file}.js`);

type Constructor = new (options: Record<string, unknown>) => object;
type ApiFunction = (this: object, ...args: unknown[]) => unknown;

/**
 * The OpenSearch client's transport (connection pool, retries, serializer, the signer's
 * Connection) with only the operations docworker calls bound to it. The library's Client
 * loads all of its some 550 API modules at construction (about 5 MB resident in an idle API or
 * worker) for the dozen these processes use. The operations are the library's own functions,
 * and the transport is built with the options and defaults its Client gives it.
 */
export function createLeanOpenSearchClient(options: LeanClientOptions): OpenSearchCalls {
  const Transport = (options.Transport ?? load("lib/Transport")) as Constructor;
  const Connection = options.Connection ?? load("lib/Connection");
  const { ConnectionPool } = load("lib/pool/index") as { ConnectionPool: Constructor };
  const Serializer = load("lib/Serializer") as Constructor;
  const { ConfigurationError } = load("lib/errors") as { ConfigurationError: unknown };
  const { kConfigErr } = load("api/utils") as { kConfigErr: symbol };
  const url = new URL(options.node);
  const auth =
    url.username && url.password
      ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
      : null;
  const events = new EventEmitter();
  const emit = events.emit.bind(events);
  const serializer = new Serializer({ disablePrototypePoisoningProtection: false, enableLongNumeralSupport: false });
  const connectionPool = new ConnectionPool({
    pingTimeout: 3000,
    resurrectStrategy: "ping",
    ssl: null,
    agent: null,
    proxy: null,
    Connection,
    auth,
    emit,
    sniffEnabled: false,
  }) as { addConnection(node: string): void };
  connectionPool.addConnection(options.node);
  const transport = new Transport({
    emit,
    connectionPool,
    serializer,
    maxRetries: options.maxRetries,
    requestTimeout: options.requestTimeout,
    sniffInterval: false,
    sniffOnStart: false,
    sniffOnConnectionFault: false,
    sniffEndpoint: "_nodes/_all/http",
    suggestCompression: false,
    compression: false,
    // The library's Client also reads OPENSEARCH_CLIENT_APIVERSIONING for a compatibility header;
    // docworker talks to OpenSearch 2 and Serverless, which need none.
    headers: {},
    nodeFilter: null,
    nodeSelector: "round-robin",
    generateRequestId: null,
    name: "opensearch-js",
    opaqueIdPrefix: null,
    context: null,
    auth,
  });
  // The operations read `this.transport` (and this[kConfigErr] for a missing parameter).
  const self: Record<PropertyKey, unknown> = { transport, [kConfigErr]: ConfigurationError };
  const bound = (file: string) => (load(`api/${file}`) as ApiFunction).bind(self);
  return {
    bulk: bound("_core/bulk"),
    count: bound("_core/count"),
    search: bound("_core/search"),
    indices: {
      create: bound("indices/create"),
      delete: bound("indices/delete"),
      exists: bound("indices/exists"),
      getMapping: bound("indices/getMapping"),
      putMapping: bound("indices/putMapping"),
      refresh: bound("indices/refresh"),
    },
  } as OpenSearchCalls;
}
