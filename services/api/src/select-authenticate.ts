import type { AuthConfig } from "@docworker/runtime";
import { type Authenticate, singleTenant } from "./plugins/tenant-auth.ts";

/** The Authenticate that the configuration names. Fails closed: no silent single-tenant fallback. */
export async function selectAuthenticate(auth: AuthConfig): Promise<Authenticate> {
  if (auth.mode === "none") return singleTenant(auth.tenantId);
  throw new Error("invalid configuration: AUTH_MODE=cognito is not available in this build yet; set AUTH_MODE=none");
}
