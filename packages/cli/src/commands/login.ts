import {
  type AuthFlowType,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { UsageError } from "../cli-errors.ts";
import type { CliIo } from "../cli-io.ts";
import { type CognitoTarget, type StoredCredentials, writeStoredCredentials } from "../config/credentials-file.ts";

export interface LoginOptions {
  user: string;
  password?: string;
  clientId?: string;
  region?: string;
  endpoint?: string;
  /** The global --api: remembered with the token. */
  api?: string;
  json: boolean;
}

/**
 * `docworker login --user U --password P`: signs in through Cognito's USER_PASSWORD_AUTH flow and
 * stores the ID token (the API's bearer token: it carries the tenant), the refresh token and the
 * expiry in the credentials file, mode 0600. Nothing secret is printed.
 */
export async function loginCommand(io: CliIo, options: LoginOptions): Promise<number> {
  const target = cognitoTarget(options, io.env);
  const password = options.password ?? io.env.DOCWORKER_PASSWORD;
  if (!password) throw new UsageError("login needs --password (or env DOCWORKER_PASSWORD)");
  const api = options.api ?? io.env.DOCWORKER_API_URL;
  const tokens = await initiateAuth(target, "USER_PASSWORD_AUTH", { USERNAME: options.user, PASSWORD: password });
  if (!tokens.refreshToken) throw new Error("login failed: Cognito returned no refresh token");
  const credentials: StoredCredentials = {
    token: tokens.idToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAt,
    ...(api ? { api: baseUrl(api) } : {}),
    user: options.user,
    cognito: target,
  };
  const path = await writeStoredCredentials(io.env, credentials);
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ user: options.user, expiresAt: tokens.expiresAt, credentials: path }, null, 2)}\n`,
    );
  } else {
    io.stdout.write(`Logged in as ${options.user}; the token expires at ${tokens.expiresAt}.\n`);
    io.stdout.write(`Credentials stored in ${path} (print the token with \`docworker token\`).\n`);
  }
  return 0;
}

/** Client id, region and endpoint: flags, else COGNITO_CLIENT_ID, AWS_REGION, AWS_ENDPOINT_URL. */
export function cognitoTarget(
  flags: { clientId?: string; region?: string; endpoint?: string },
  env: Record<string, string | undefined>,
): CognitoTarget {
  const clientId = flags.clientId || env.COGNITO_CLIENT_ID;
  if (!clientId) throw new UsageError("login needs the Cognito app client id: --client-id or env COGNITO_CLIENT_ID");
  // A pool id starts with its region (eu-west-1_AbC123), so COGNITO_USER_POOL_ID alone will do.
  const region =
    flags.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || env.COGNITO_USER_POOL_ID?.split("_")[0] || undefined;
  if (!region) throw new UsageError("login needs the user pool's region: --region or env AWS_REGION");
  const endpoint = flags.endpoint || env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER || env.AWS_ENDPOINT_URL;
  if (endpoint) baseUrl(endpoint, "--endpoint");
  return { clientId, region, ...(endpoint ? { endpoint } : {}) };
}

/** A new ID token for stored credentials, through REFRESH_TOKEN_AUTH. */
export async function refreshCredentials(stored: StoredCredentials): Promise<StoredCredentials> {
  if (!stored.refreshToken || !stored.cognito) throw new Error("the stored credentials cannot be refreshed");
  const tokens = await initiateAuth(stored.cognito, "REFRESH_TOKEN_AUTH", { REFRESH_TOKEN: stored.refreshToken });
  // Cognito returns a new refresh token only when rotation is on; else the old one stays valid.
  return {
    ...stored,
    token: tokens.idToken,
    expiresAt: tokens.expiresAt,
    refreshToken: tokens.refreshToken ?? stored.refreshToken,
  };
}

interface Tokens {
  idToken: string;
  refreshToken?: string;
  expiresAt: string;
}

async function initiateAuth(target: CognitoTarget, flow: AuthFlowType, parameters: Record<string, string>) {
  // InitiateAuth is unauthenticated (the SDK's noAuth scheme): no AWS credentials are looked up.
  const client = new CognitoIdentityProviderClient({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
  });
  try {
    const answer = await client.send(
      new InitiateAuthCommand({ ClientId: target.clientId, AuthFlow: flow, AuthParameters: parameters }),
    );
    const result = answer.AuthenticationResult;
    if (!result?.IdToken) {
      const challenge = answer.ChallengeName ?? "none";
      throw new Error(`login failed: Cognito asks for the ${challenge} challenge, which this CLI does not answer`);
    }
    const tokens: Tokens = { idToken: result.IdToken, expiresAt: expiryOf(result.IdToken, result.ExpiresIn) };
    if (result.RefreshToken) tokens.refreshToken = result.RefreshToken;
    return tokens;
  } catch (error) {
    throw cognitoError(error, target);
  } finally {
    client.destroy();
  }
}

/** The ID token's own `exp` (its validity is set apart from the access token's `ExpiresIn`). */
function expiryOf(idToken: string, expiresIn: number | undefined): string {
  try {
    const exp = (JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString()) as { exp?: unknown }).exp;
    if (typeof exp === "number") return new Date(exp * 1000).toISOString();
  } catch {
    // fall through to ExpiresIn
  }
  return new Date(Date.now() + (expiresIn ?? 3600) * 1000).toISOString();
}

function cognitoError(error: unknown, target: CognitoTarget): Error {
  if (!(error instanceof Error) || error.message.startsWith("login failed:")) return error as Error;
  const name = error.name;
  if (name === "NotAuthorizedException" || name === "UserNotFoundException") {
    return new Error(`login failed: ${error.message}`);
  }
  if (name === "ResourceNotFoundException") {
    return new Error(
      `login failed: no app client ${target.clientId} in ${target.region}; check --client-id / --region`,
    );
  }
  if (name === "InvalidParameterException" && /flow/i.test(error.message)) {
    return new Error(`login failed: the app client does not allow this sign-in flow: ${error.message}`);
  }
  const where = target.endpoint ?? `Cognito in ${target.region}`;
  return new Error(`login failed: ${where}: ${name}: ${error.message}`);
}

function baseUrl(value: string, flag = "--api"): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag}: not a URL: ${value}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UsageError(`${flag}: expected http(s): ${value}`);
  return url.toString().replace(/\/+$/, "");
}
