import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { AwsSigv4Signer } from "@opensearch-project/opensearch/aws";
import { createLeanOpenSearchClient, type OpenSearchCalls } from "./opensearch-calls.ts";
import type { OpenSearchConfig } from "./opensearch-config.ts";

export type OpenSearchClientConfig = Pick<OpenSearchConfig, "node" | "serverless" | "region"> &
  Partial<Pick<OpenSearchConfig, "requestTimeoutMs" | "maxRetries">>;

/**
 * A client for a plain node (no signing) or, when a region is set, for AWS: SigV4 for `aoss`
 * (Serverless) or `es` (managed domains), credentials from the default chain (env, SSO, ECS task
 * role, ...), refreshed by the signer when they expire.
 */
export function createOpenSearchClient(config: OpenSearchClientConfig): OpenSearchCalls {
  const common = {
    node: config.node,
    requestTimeout: config.requestTimeoutMs ?? 30_000,
    maxRetries: config.maxRetries ?? 3,
  };
  if (config.region === undefined) return createLeanOpenSearchClient(common);
  const credentials = defaultProvider();
  const { Connection, Transport } = AwsSigv4Signer({
    region: config.region,
    service: config.serverless ? "aoss" : "es",
    getCredentials: () => credentials(),
  });
  return createLeanOpenSearchClient({ ...common, Connection, Transport });
}
