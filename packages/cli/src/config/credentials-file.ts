import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../cli-errors.ts";

/**
 * Where a stored token lives: $XDG_CONFIG_HOME/docworker/credentials.json, by default
 * ~/.config/docworker/credentials.json. A future `docworker login` (Cognito) writes it.
 */
export function credentialsPath(env: Record<string, string | undefined>): string {
  const configHome = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return join(configHome, "docworker", "credentials.json");
}

/** The stored `{token}`, or undefined when there is no file. A broken file is an error, not ignored. */
export async function readStoredToken(env: Record<string, string | undefined>): Promise<string | undefined> {
  const path = credentialsPath(env);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let token: unknown;
  try {
    token = (JSON.parse(text) as { token?: unknown }).token;
  } catch {
    throw new UsageError(`${path} is not valid JSON; expected {"token": "..."}`);
  }
  if (token === undefined) return undefined;
  if (typeof token !== "string" || token === "") throw new UsageError(`${path}: "token" must be a non-empty string`);
  return token;
}
