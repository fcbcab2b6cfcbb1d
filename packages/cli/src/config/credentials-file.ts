import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { UsageError } from "../cli-errors.ts";

/**
 * Where a stored token lives: $XDG_CONFIG_HOME/docworker/credentials.json, by default
 * ~/.config/docworker/credentials.json. `docworker login` (Cognito) writes it, mode 0600.
 */
export function credentialsPath(env: Record<string, string | undefined>): string {
  const configHome = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return join(configHome, "docworker", "credentials.json");
}

/** Which Cognito app client issued the tokens: what a refresh needs. */
export interface CognitoTarget {
  clientId: string;
  region: string;
  /** Only for emulators (moto) or VPC endpoints; unset on AWS. */
  endpoint?: string;
}

/** The file's content. Only `token` is required: a hand-written `{"token": "..."}` still works. */
export interface StoredCredentials {
  /** The Cognito ID token, sent as the bearer token. */
  token: string;
  refreshToken?: string;
  /** ISO 8601: when `token` expires. */
  expiresAt?: string;
  /** The API the user logged in for. */
  api?: string;
  user?: string;
  cognito?: CognitoTarget;
}

/** The stored credentials, or undefined when there is no file. A broken file is an error, not ignored. */
export async function readStoredCredentials(
  env: Record<string, string | undefined>,
): Promise<StoredCredentials | undefined> {
  const path = credentialsPath(env);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let stored: Record<string, unknown>;
  try {
    stored = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new UsageError(`${path} is not valid JSON; expected {"token": "..."}`);
  }
  if (typeof stored !== "object" || stored === null) throw new UsageError(`${path}: expected a JSON object`);
  if (stored.token === undefined) return undefined;
  if (typeof stored.token !== "string" || stored.token === "") {
    throw new UsageError(`${path}: "token" must be a non-empty string`);
  }
  return stored as unknown as StoredCredentials;
}

/** Writes the file whole (a reader never sees half of it), readable by its owner only. */
export async function writeStoredCredentials(
  env: Record<string, string | undefined>,
  credentials: StoredCredentials,
): Promise<string> {
  const path = credentialsPath(env);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
  return path;
}

export interface CurrentToken {
  token: string;
  expiresAt?: string;
  /** Past its expiry, and it could not be refreshed (why, in `refreshError`). */
  expired: boolean;
  refreshError?: string;
}

/** A token this close to its expiry is refreshed already: a request should not expire in flight. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The stored token, refreshed first when it is (about to be) expired and the file holds a refresh
 * token and its app client. A failed refresh leaves the file as it was and says why.
 */
export async function currentStoredToken(
  env: Record<string, string | undefined>,
  now = Date.now(),
): Promise<CurrentToken | undefined> {
  const stored = await readStoredCredentials(env);
  if (!stored) return undefined;
  const expiry = stored.expiresAt ? Date.parse(stored.expiresAt) : Number.NaN;
  if (Number.isNaN(expiry) || expiry - EXPIRY_MARGIN_MS > now) {
    return { token: stored.token, ...(stored.expiresAt ? { expiresAt: stored.expiresAt } : {}), expired: false };
  }
  const stale = { token: stored.token, expiresAt: stored.expiresAt as string, expired: expiry <= now };
  if (!stored.refreshToken || !stored.cognito) return stale;
  try {
    // Loaded only now: the AWS SDK is not worth its start-up time on every command.
    const { refreshCredentials } = await import("../commands/login.ts");
    const refreshed = await refreshCredentials(stored);
    await writeStoredCredentials(env, refreshed);
    return {
      token: refreshed.token,
      ...(refreshed.expiresAt ? { expiresAt: refreshed.expiresAt } : {}),
      expired: false,
    };
  } catch (error) {
    return { ...stale, refreshError: error instanceof Error ? error.message : String(error) };
  }
}

/** The token to send when none is given on the command line or in the environment. */
export async function readStoredToken(env: Record<string, string | undefined>): Promise<string | undefined> {
  return (await currentStoredToken(env))?.token;
}
