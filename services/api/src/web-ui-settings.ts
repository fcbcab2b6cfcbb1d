import type { BrowserAuth } from "@docworker/api-contract";
import { type Env, readSettings } from "@docworker/core";
import { type AuthConfig, AWS_CLIENT_SETTINGS, type RuntimeConfig } from "@docworker/runtime";
import { webUiDistDir } from "@docworker/web-ui";
import type { WebUiOptions } from "./plugins/web-ui.ts";

const originOf = (url: string) => new URL(url).origin;

/**
 * The web UI's settings for this deployment: how the browser signs in, and the origins its
 * Content-Security-Policy must let it call. The embedded default needs none (uploads go to the
 * API itself); on AWS the page calls Cognito's endpoint and PUTs to the raw bucket's pre-signed
 * URLs (path style on an emulator's endpoint, virtual-hosted on AWS).
 */
export function webUiSettings(
  config: Pick<RuntimeConfig, "adapters" | "core"> & { auth: AuthConfig },
  env: Env,
): WebUiOptions {
  const connectSources = new Set<string>();
  const aws = readSettings(AWS_CLIENT_SETTINGS, env);
  const region = aws.AWS_REGION ?? aws.AWS_DEFAULT_REGION ?? "us-east-1";
  let auth: BrowserAuth = { mode: "none" };
  if (config.auth.mode === "cognito") {
    const poolRegion = config.auth.userPoolId.split("_")[0] || region;
    const endpoint =
      aws.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ??
      aws.AWS_ENDPOINT_URL ??
      `https://cognito-idp.${poolRegion}.amazonaws.com/`;
    auth = { mode: "cognito", clientId: config.auth.clientId, region: poolRegion, endpoint };
    connectSources.add(originOf(endpoint));
  }
  if (config.adapters === "aws") {
    const s3Endpoint = aws.AWS_ENDPOINT_URL_S3 ?? aws.AWS_ENDPOINT_URL;
    if (s3Endpoint) connectSources.add(originOf(s3Endpoint));
    else {
      connectSources.add(`https://${config.core.rawBucket}.s3.${region}.amazonaws.com`);
      connectSources.add(`https://s3.${region}.amazonaws.com`);
    }
  }
  return {
    distDir: webUiDistDir,
    auth,
    connectSources: [...connectSources],
    maxDocumentBytes: config.core.limits.maxBytes,
  };
}
