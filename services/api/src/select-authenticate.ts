import type { AuthConfig } from "@docworker/runtime";
import { type Authenticate, singleTenant } from "./plugins/tenant-auth.ts";

/**
 * The Authenticate that the configuration names. Fails closed: no silent single-tenant fallback.
 * The Cognito verifier (aws-jwt-verify) is imported only when configured: a single-tenant API
 * never loads it.
 */
export async function selectAuthenticate(auth: AuthConfig): Promise<Authenticate> {
  if (auth.mode === "none") return singleTenant(auth.tenantId);
  const { mode: _mode, ...cognito } = auth;
  const { createCognitoAuthenticate } = await import("./plugins/cognito-auth.ts");
  return createCognitoAuthenticate(cognito);
}
