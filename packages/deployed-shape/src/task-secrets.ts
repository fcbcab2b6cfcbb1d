import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm";
import type { AwsCredentialIdentity } from "@smithy/types";

/**
 * Resolves a container's `secrets` as the ECS agent does before the task starts: with the
 * execution role's credentials, SSM parameters by ARN (decrypted) and Secrets Manager secrets.
 */
export async function resolveSecrets(
  config: { region: string; endpoint: string; credentials: AwsCredentialIdentity },
  secrets: Record<string, string>,
): Promise<Record<string, string>> {
  const resolved: Record<string, string> = {};
  const ssmArns = Object.entries(secrets).filter(([, arn]) => arn.includes(":ssm:"));
  if (ssmArns.length > 0) {
    const ssm = new SSMClient(config);
    try {
      // ECS asks for parameters by name; an ARN names the parameter after "parameter".
      const names = ssmArns.map(([, arn]) => `/${arn.split(":parameter/")[1] ?? ""}`.replace(/^\/\//, "/"));
      const { Parameters = [], InvalidParameters = [] } = await ssm.send(
        new GetParametersCommand({ Names: names, WithDecryption: true }),
      );
      if (InvalidParameters.length > 0) throw new Error(`SSM parameters not found: ${InvalidParameters.join(", ")}`);
      for (const [name, arn] of ssmArns) {
        const wanted = names[ssmArns.findIndex(([n]) => n === name)];
        const parameter = Parameters.find((p) => p.Name === wanted || p.ARN === arn);
        if (parameter?.Value === undefined) throw new Error(`SSM parameter ${arn} has no value`);
        resolved[name] = parameter.Value;
      }
    } finally {
      ssm.destroy();
    }
  }
  for (const [name, arn] of Object.entries(secrets)) {
    if (!arn.includes(":secretsmanager:")) continue;
    const client = new SecretsManagerClient(config);
    try {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      if (SecretString === undefined) throw new Error(`secret ${arn} has no string value`);
      resolved[name] = SecretString;
    } finally {
      client.destroy();
    }
  }
  return resolved;
}
