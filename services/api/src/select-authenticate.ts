import type { AuthConfig } from "@docworker/runtime";
import { createCognitoAuthenticate } from "./plugins/cognito-auth.ts";
import { type Authenticate, singleTenant } from "./plugins/tenant-auth.ts";

/** The Authenticate that the configuration names. Fails closed: no silent single-tenant fallback. */
export function selectAuthenticate(auth: AuthConfig): Authenticate {
  if (auth.mode === "none") return singleTenant(auth.tenantId);
  const { mode: _mode, ...cognito } = auth;
  return createCognitoAuthenticate(cognito);
}
