import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";

export interface AwsClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

const both = ["api", "worker"] as const;

/** The SDK's own variables, as docworker reads them; the rest of the SDK's stay the SDK's. */
export const AWS_CLIENT_SETTINGS = settingsSchema({
  AWS_REGION: Setting.optional(
    Setting.string({ defaultText: "`AWS_DEFAULT_REGION`", meaning: "the region of every AWS client", readBy: both }),
  ),
  AWS_DEFAULT_REGION: Setting.optional(
    Setting.string({ meaning: "the region when `AWS_REGION` is unset", readBy: both }),
  ),
  AWS_ENDPOINT_URL: Setting.optional(
    Setting.string({
      defaultText: "the regional endpoints",
      meaning: "one endpoint for every AWS client (the emulated stack)",
      readBy: both,
    }),
  ),
  AWS_ENDPOINT_URL_S3: Setting.optional(
    Setting.string({
      defaultText: "`AWS_ENDPOINT_URL`",
      meaning: "S3's endpoint, which the web UI's uploads are allowed to reach",
      readBy: ["api"],
    }),
  ),
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: Setting.optional(
    Setting.string({
      defaultText: "`AWS_ENDPOINT_URL`, else the pool region's",
      meaning: "Cognito's endpoint, which the web UI signs in at",
      readBy: ["api"],
    }),
  ),
  AWS_ACCESS_KEY_ID: Setting.optional(
    Setting.string({
      defaultText: "the credential chain (the ECS task role)",
      meaning: "static credentials, with `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`)",
      readBy: both,
      secret: true,
    }),
  ),
  AWS_SECRET_ACCESS_KEY: Setting.optional(
    Setting.string({ meaning: "the secret of `AWS_ACCESS_KEY_ID`", readBy: both, secret: true }),
  ),
  AWS_SESSION_TOKEN: Setting.optional(
    Setting.string({ meaning: "the session token of temporary credentials", readBy: both, secret: true }),
  ),
});

export const AWS_CLIENT_CONCERN: SettingsConcern = { title: "AWS clients", schema: AWS_CLIENT_SETTINGS };

/**
 * Region, endpoint and static credentials from the configuration the runtime was given, not from
 * process.env behind its back: a test or a second runtime in one process then gets exactly the
 * stack it names. Unset credentials leave the SDK's default chain (the ECS task role in AWS).
 */
export function awsClientConfig(env: Env): AwsClientConfig {
  const s = readSettings(AWS_CLIENT_SETTINGS, env);
  const region = s.AWS_REGION ?? s.AWS_DEFAULT_REGION;
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = s;
  return {
    ...(region ? { region } : {}),
    ...(s.AWS_ENDPOINT_URL ? { endpoint: s.AWS_ENDPOINT_URL } : {}),
    ...(accessKeyId && secretAccessKey
      ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } }
      : {}),
  };
}
