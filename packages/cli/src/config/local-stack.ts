import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The settings of the stack running on this machine (`make run`, `make run-emulated`, `make
 * run-deployed`): the API's URL and, with Cognito, the app client, region and endpoint to log in
 * with. Each of them writes `.docworker/cli.env` when it starts (the last one started wins), so
 * `./docworker login` and every other command find them in a new terminal without sourcing
 * anything. Flags and the environment still take precedence.
 */
export const LOCAL_STACK_KEYS = ["DOCWORKER_API_URL", "COGNITO_CLIENT_ID", "AWS_REGION", "AWS_ENDPOINT_URL"] as const;
export type LocalStackSettings = Partial<Record<(typeof LOCAL_STACK_KEYS)[number], string>>;

/** The directory of the local stack's state: DOCWORKER_LOCAL_DIR, else ./.docworker. */
export function localStackDir(env: Record<string, string | undefined>): string {
  return resolve(env.DOCWORKER_LOCAL_DIR || ".docworker");
}

export function writeLocalStackSettings(dir: string, settings: LocalStackSettings): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "cli.env");
  const lines = [
    "# Written by the running docworker stack for ./docworker (see packages/cli/src/config/local-stack.ts).",
  ];
  for (const key of LOCAL_STACK_KEYS) if (settings[key]) lines.push(`${key}=${settings[key]}`);
  writeFileSync(`${file}.tmp`, `${lines.join("\n")}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}

export function readLocalStackSettings(dir: string): LocalStackSettings {
  let text: string;
  try {
    text = readFileSync(join(dir, "cli.env"), "utf8");
  } catch {
    return {};
  }
  const settings: LocalStackSettings = {};
  for (const line of text.split("\n")) {
    const at = line.indexOf("=");
    const key = line.slice(0, at).trim() as (typeof LOCAL_STACK_KEYS)[number];
    if (at > 0 && !line.startsWith("#") && LOCAL_STACK_KEYS.includes(key)) settings[key] = line.slice(at + 1).trim();
  }
  return settings;
}

/** The environment with the local stack's settings filling in what it does not set. */
export function withLocalStackSettings(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const local = readLocalStackSettings(localStackDir(env));
  const merged: Record<string, string | undefined> = { ...env };
  for (const [key, value] of Object.entries(local)) if (!merged[key]) merged[key] = value;
  return merged;
}
