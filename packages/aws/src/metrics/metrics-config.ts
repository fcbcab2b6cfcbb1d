import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";

export const METRICS_SETTINGS = settingsSchema({
  // false keeps EMF lines out of test output; on ECS they are the metrics.
  METRICS_ENABLED: Setting.boolean({
    default: true,
    meaning: "CloudWatch metrics as EMF log lines (AWS only)",
    readBy: ["api", "worker"],
  }),
  METRICS_NAMESPACE: Setting.string({
    default: "docworker",
    meaning: "the CloudWatch namespace of those metrics",
    readBy: ["api", "worker"],
  }),
});

export const METRICS_CONCERN: SettingsConcern = { title: "metrics", schema: METRICS_SETTINGS };

export interface MetricsConfig {
  enabled: boolean;
  namespace: string;
}

export function loadMetricsConfig(env: Env = process.env): MetricsConfig {
  const s = readSettings(METRICS_SETTINGS, env);
  return { enabled: s.METRICS_ENABLED, namespace: s.METRICS_NAMESPACE };
}
