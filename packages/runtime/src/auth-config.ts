import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";

export type AuthConfig =
  /** One tenant, no credentials: the embedded default on a laptop. */
  | { mode: "none"; tenantId: string }
  | {
      mode: "cognito";
      userPoolId: string;
      clientId: string;
      tenantClaim: string;
      /** Emulators issue tokens under their own issuer and JWKS address. */
      issuer?: string;
      jwksUri?: string;
      /** The default tenant: no token may carry it. */
      reservedTenantId: string;
    };

const api = ["api"] as const;

export const AUTH_SETTINGS = settingsSchema({
  AUTH_MODE: Setting.optional(
    Setting.oneOf(["none", "cognito"], {
      defaultText: "`cognito` on AWS, else `none`",
      meaning: "`none`: one tenant, no credentials; `cognito`: bearer ID tokens of a Cognito user pool",
      readBy: api,
    }),
  ),
  COGNITO_USER_POOL_ID: Setting.optional(
    Setting.string({ defaultText: "required for `cognito`", meaning: "the user pool tokens come from", readBy: api }),
  ),
  COGNITO_CLIENT_ID: Setting.optional(
    Setting.string({
      defaultText: "required for `cognito`",
      meaning: "the app client tokens are issued to (the CLI and the web UI sign in with it)",
      readBy: api,
    }),
  ),
  TENANT_CLAIM: Setting.string({ default: "custom:tenant", meaning: "the token claim naming the tenant", readBy: api }),
  COGNITO_ISSUER: Setting.optional(
    Setting.string({ defaultText: "the pool's", meaning: "another token issuer (an emulator's)", readBy: api }),
  ),
  COGNITO_JWKS_URI: Setting.optional(
    Setting.string({
      defaultText: "the pool's",
      meaning: "another address of the signing keys (an emulator's)",
      readBy: api,
    }),
  ),
});

export const AUTH_CONCERN: SettingsConcern = { title: "auth", schema: AUTH_SETTINGS };

/**
 * On AWS the API verifies Cognito tokens; running it there without auth takes an explicit
 * AUTH_MODE=none, so a missing variable can never open every tenant's documents to everyone.
 */
export function loadAuthConfig(env: Env, options: { onAws: boolean; defaultTenantId: string }): AuthConfig {
  const s = readSettings(AUTH_SETTINGS, env);
  const mode = s.AUTH_MODE ?? (options.onAws ? "cognito" : "none");
  if (mode === "none") return { mode, tenantId: options.defaultTenantId };
  if (!s.COGNITO_USER_POOL_ID || !s.COGNITO_CLIENT_ID) {
    throw new Error("invalid configuration: AUTH_MODE=cognito needs COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID");
  }
  return {
    mode,
    userPoolId: s.COGNITO_USER_POOL_ID,
    clientId: s.COGNITO_CLIENT_ID,
    tenantClaim: s.TENANT_CLAIM,
    reservedTenantId: options.defaultTenantId,
    ...(s.COGNITO_ISSUER ? { issuer: s.COGNITO_ISSUER } : {}),
    ...(s.COGNITO_JWKS_URI ? { jwksUri: s.COGNITO_JWKS_URI } : {}),
  };
}
