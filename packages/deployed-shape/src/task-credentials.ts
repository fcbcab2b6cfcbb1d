import { AssumeRoleCommand, STSClient, type STSClientConfig } from "@aws-sdk/client-sts";

export interface RoleCredentials {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
}

/**
 * Temporary credentials of a role, from the emulated STS: what ECS hands a task for its task role
 * (there through the container credentials endpoint; here as the SDK's environment variables).
 */
export async function assumeRole(config: STSClientConfig, roleArn: string, session: string): Promise<RoleCredentials> {
  const sts = new STSClient(config);
  try {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: session, DurationSeconds: 43_200 }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken) {
      throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    }
    return {
      AWS_ACCESS_KEY_ID: Credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: Credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: Credentials.SessionToken,
    };
  } finally {
    sts.destroy();
  }
}
