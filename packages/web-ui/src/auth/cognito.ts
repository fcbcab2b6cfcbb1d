// Cognito's InitiateAuth over its JSON API (what the AWS SDK sends), called from the browser
// against the API's app client: USER_PASSWORD_AUTH to sign in, REFRESH_TOKEN_AUTH to refresh.
import type { UiAuth } from "../api/types.ts";

export interface Tokens {
  idToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the ID token expires. */
  expiresAt: number;
}

type CognitoAuth = Extract<UiAuth, { mode: "cognito" }>;

interface AuthenticationResult {
  IdToken?: string;
  RefreshToken?: string;
  ExpiresIn?: number;
}

export class SignInError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "SignInError";
    this.code = code;
  }
}

async function initiateAuth(
  auth: CognitoAuth,
  flow: "USER_PASSWORD_AUTH" | "REFRESH_TOKEN_AUTH",
  parameters: Record<string, string>,
): Promise<AuthenticationResult & { ChallengeName?: string }> {
  const response = await fetch(auth.endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
    },
    body: JSON.stringify({ AuthFlow: flow, ClientId: auth.clientId, AuthParameters: parameters }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    AuthenticationResult?: AuthenticationResult;
    ChallengeName?: string;
    __type?: string;
    message?: string;
  };
  if (!response.ok) {
    const code = (body.__type ?? "").split("#").pop() || `HTTP_${response.status}`;
    throw new SignInError(code, describe(code, body.message));
  }
  return { ...body.AuthenticationResult, ...(body.ChallengeName ? { ChallengeName: body.ChallengeName } : {}) };
}

function describe(code: string, message: string | undefined): string {
  if (code === "NotAuthorizedException") return "Incorrect email or password.";
  if (code === "UserNotFoundException") return "Incorrect email or password.";
  if (code === "PasswordResetRequiredException") return "This account must reset its password first.";
  if (code === "UserNotConfirmedException") return "This account is not confirmed yet.";
  return message || code;
}

export async function signInWithPassword(auth: CognitoAuth, username: string, password: string): Promise<Tokens> {
  const result = await initiateAuth(auth, "USER_PASSWORD_AUTH", { USERNAME: username, PASSWORD: password });
  if (result.ChallengeName)
    throw new SignInError(
      result.ChallengeName,
      `Sign-in needs a step this page does not offer (${result.ChallengeName}).`,
    );
  if (!result.IdToken || !result.RefreshToken) throw new SignInError("NO_TOKENS", "Cognito returned no tokens.");
  return {
    idToken: result.IdToken,
    refreshToken: result.RefreshToken,
    expiresAt: Date.now() + (result.ExpiresIn ?? 3600) * 1000,
  };
}

export async function refreshTokens(auth: CognitoAuth, refreshToken: string): Promise<Tokens> {
  const result = await initiateAuth(auth, "REFRESH_TOKEN_AUTH", { REFRESH_TOKEN: refreshToken });
  if (!result.IdToken) throw new SignInError("NO_TOKENS", "Cognito returned no tokens.");
  return {
    idToken: result.IdToken,
    // Cognito does not rotate the refresh token unless rotation is enabled on the client.
    refreshToken: result.RefreshToken ?? refreshToken,
    expiresAt: Date.now() + (result.ExpiresIn ?? 3600) * 1000,
  };
}

/** The signed-in user's email (or username) from the ID token's claims, for the header. */
export function userOf(idToken: string): string {
  try {
    const payload = idToken.split(".")[1] ?? "";
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
    return String(claims.email ?? claims["cognito:username"] ?? "");
  } catch {
    return "";
  }
}
