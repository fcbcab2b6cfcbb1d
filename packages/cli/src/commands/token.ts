import type { CliIo } from "../cli-io.ts";
import { currentStoredToken } from "../config/credentials-file.ts";

/**
 * `docworker token`: prints the bearer token the other commands send (like `gcloud auth
 * print-identity-token`), for curl and scripts: --token, else DOCWORKER_TOKEN, else the stored
 * one, refreshed first when it has expired. Exit 1 when there is none or it expired for good.
 */
export async function tokenCommand(io: CliIo, options: { token?: string; json: boolean }): Promise<number> {
  const given = options.token || io.env.DOCWORKER_TOKEN;
  const current = given ? { token: given, expired: false } : await currentStoredToken(io.env);
  if (!current) throw new Error("no token: log in with `docworker login --user U --password P`");
  if (current.expired) {
    const why = current.refreshError ? ` and could not be refreshed (${current.refreshError})` : "";
    throw new Error(`the stored token expired at ${current.expiresAt}${why}; log in again with \`docworker login\``);
  }
  if (options.json) {
    const expiresAt = "expiresAt" in current ? current.expiresAt : undefined;
    io.stdout.write(`${JSON.stringify({ token: current.token, ...(expiresAt ? { expiresAt } : {}) }, null, 2)}\n`);
  } else {
    io.stdout.write(`${current.token}\n`);
  }
  return 0;
}
