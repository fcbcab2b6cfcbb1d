import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetRolePolicyCommand,
  IAMClient,
  type IAMClientConfig,
  ListAccessKeysCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";

/**
 * moto's IAM enforcement, as read in its source (moto 5.2.5, core/authorization.py and
 * iam/access_control.py): once on, every request must be signed with an access key moto knows (an
 * IAM user's, or AssumeRole's temporary one), and the caller's identity policies must allow the
 * action. The resource is matched only for S3 (bucket/key ARN), SQS (queue ARN), IAM and STS; for
 * every other service moto matches the statement's Resource against "*". Conditions, resource
 * policies (bucket, queue and key policies), permission boundaries and SCPs are not evaluated.
 */
const RESOURCE_MATCHED = new Set(["s3", "sqs", "iam", "sts"]);

/** The policy added to each role in the emulated account: see withResourceStarCopies. */
export const RESOURCE_STAR_POLICY = "emulated-moto-resource-star";

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
}

/**
 * For the services whose resources moto does not match, a copy of each role's allowed actions on
 * Resource "*": without it every DynamoDB or KMS call would be denied whatever the grant. The
 * actions stay enforced (a missing one is AccessDenied); their resources are then not.
 */
export async function addResourceStarCopies(config: IAMClientConfig, roleNames: string[]): Promise<void> {
  const iam = new IAMClient(config);
  try {
    for (const role of roleNames) {
      const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName: role }));
      const actions = new Set<string>();
      for (const name of PolicyNames.filter((n) => n !== RESOURCE_STAR_POLICY)) {
        const { PolicyDocument } = await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: name }));
        const document = JSON.parse(decodeURIComponent(PolicyDocument ?? "{}")) as { Statement?: Statement[] };
        for (const statement of document.Statement ?? []) {
          if (statement.Effect !== "Allow") continue;
          for (const action of [statement.Action].flat()) {
            if (!RESOURCE_MATCHED.has(action.split(":")[0] ?? "")) actions.add(action);
          }
        }
      }
      if (actions.size === 0) continue;
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: role,
          PolicyName: RESOURCE_STAR_POLICY,
          PolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: [...actions].sort(), Resource: "*" }],
          }),
        }),
      );
    }
  } finally {
    iam.destroy();
  }
}

/** An IAM user allowed everything, for the operator's and the tests' own calls once IAM is enforced. */
export async function createOperator(
  config: IAMClientConfig,
  name = "docworker-operator",
): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const iam = new IAMClient(config);
  try {
    await iam.send(new CreateUserCommand({ UserName: name })).catch((error: { name?: string }) => {
      if (error.name !== "EntityAlreadyExistsException" && error.name !== "EntityAlreadyExists") throw error;
    });
    await iam.send(
      new PutUserPolicyCommand({
        UserName: name,
        PolicyName: "operator",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
        }),
      }),
    );
    // IAM allows two keys per user: each run replaces the previous run's.
    const { AccessKeyMetadata = [] } = await iam.send(new ListAccessKeysCommand({ UserName: name }));
    for (const key of AccessKeyMetadata) {
      await iam.send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: key.AccessKeyId }));
    }
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    if (!AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey) throw new Error("CreateAccessKey returned no key");
    return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
  } finally {
    iam.destroy();
  }
}

/** Turns moto's IAM enforcement on (every request from now on is authorised) or off. */
export async function setIamEnforcement(motoEndpoint: string, on: boolean): Promise<void> {
  // moto reads the count from the raw body: not form-encoded.
  const response = await fetch(`${motoEndpoint}/moto-api/reset-auth`, {
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: on ? "0" : "inf",
  });
  if (!response.ok) throw new Error(`moto reset-auth answered ${response.status}`);
  await response.body?.cancel();
}
