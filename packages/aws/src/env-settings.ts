/** The environment a configuration is read from (process.env, or a test's own). */
export type Env = Record<string, string | undefined>;

/** An integer setting from `min` to `max`; unset or blank, `fallback`. */
export function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`invalid configuration: ${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** A boolean setting: true or 1, false or 0, in any case; unset or blank, `fallback`. */
export function boolSetting(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new Error(`invalid configuration: ${name} must be true or false, got "${env[name]}"`);
}
