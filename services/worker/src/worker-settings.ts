import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";

export const WORKER_SERVICE_SETTINGS = settingsSchema({
  ECS_AGENT_URI: Setting.optional(
    Setting.string({
      defaultText: "set by the ECS agent",
      meaning: "the worker protects its task from scale-in while it holds documents",
      readBy: ["worker"],
    }),
  ),
});

export const WORKER_SERVICE_CONCERN: SettingsConcern = { title: "worker", schema: WORKER_SERVICE_SETTINGS };

/** The ECS agent's endpoint, on ECS only. */
export function ecsAgentUri(env: Env = process.env): string | undefined {
  return readSettings(WORKER_SERVICE_SETTINGS, env).ECS_AGENT_URI;
}
