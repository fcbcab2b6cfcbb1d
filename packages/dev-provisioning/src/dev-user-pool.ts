// Development and test only: provisions a Cognito user pool the way the API expects one, on the
// emulated stack (moto) or a sandbox account. The API itself never manages users, so this is not
// in its image.
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  type CognitoIdentityProviderClientConfig,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";

export interface DevUser {
  /** The e-mail address is the username (the pool signs in by e-mail). */
  email: string;
  tenantId: string;
  password: string;
}

export interface DevUserPoolSpec {
  poolName: string;
  clientName: string;
  /** The custom attribute's name without its `custom:` prefix. */
  tenantAttribute?: string;
  users: DevUser[];
}

export interface DevUserPool {
  userPoolId: string;
  clientId: string;
  /** What the pool writes into `iss` (moto writes the AWS-shaped one too). */
  issuer: string;
  /** Where the pool's signing keys are served: on moto, under the endpoint rather than the issuer. */
  jwksUri: string;
}

export const DEV_USERS = (password: string): DevUser[] => [
  { email: "alice@acme.test", tenantId: "acme", password },
  { email: "bob@globex.test", tenantId: "globex", password },
];

/** The documented default of DOCWORKER_DEV_PASSWORD; it satisfies Cognito's default password policy. */
export const DEFAULT_DEV_PASSWORD = "Docworker-dev-1!";

type ClientOrConfig = CognitoIdentityProviderClient | CognitoIdentityProviderClientConfig;

async function withClient<T>(
  clientOrConfig: ClientOrConfig,
  body: (client: CognitoIdentityProviderClient) => Promise<T>,
) {
  const client =
    clientOrConfig instanceof CognitoIdentityProviderClient
      ? clientOrConfig
      : new CognitoIdentityProviderClient(clientOrConfig);
  try {
    return await body(client);
  } finally {
    if (client !== clientOrConfig) client.destroy();
  }
}

/**
 * Creates, or finds by name and brings up to date: the user pool (sign-in by e-mail, a mutable
 * `custom:tenant` string attribute, no self sign-up so nobody picks their own tenant), its public
 * app client (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, refresh; it may read the tenant but
 * not write it, so a user cannot move themselves into another tenant with their access token),
 * and the users with permanent passwords and their tenant.
 */
export async function ensureDevUserPool(clientOrConfig: ClientOrConfig, spec: DevUserPoolSpec): Promise<DevUserPool> {
  const attribute = spec.tenantAttribute ?? "tenant";
  return withClient(clientOrConfig, async (client) => {
    const userPoolId = (await findPool(client, spec.poolName)) ?? (await createPool(client, spec.poolName, attribute));
    const clientId =
      (await findAppClient(client, userPoolId, spec.clientName)) ??
      (await createAppClient(client, userPoolId, spec.clientName, attribute));
    for (const user of spec.users) await ensureUser(client, userPoolId, user, attribute);
    const region = await client.config.region();
    const endpoint = client.config.endpoint ? await client.config.endpoint() : undefined;
    const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
    const jwksUri = endpoint
      ? `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ""}${endpoint.path.replace(/\/$/, "")}/${userPoolId}/.well-known/jwks.json`
      : `${issuer}/.well-known/jwks.json`;
    return { userPoolId, clientId, issuer, jwksUri };
  });
}

async function findPool(client: CognitoIdentityProviderClient, name: string): Promise<string | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
    const pool = page.UserPools?.find((p) => p.Name === name);
    if (pool?.Id) return pool.Id;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

async function createPool(client: CognitoIdentityProviderClient, name: string, attribute: string): Promise<string> {
  const created = await client.send(
    new CreateUserPoolCommand({
      PoolName: name,
      UsernameAttributes: ["email"],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Schema: [
        { Name: "email", AttributeDataType: "String", Required: true, Mutable: true },
        {
          Name: attribute,
          AttributeDataType: "String",
          Mutable: true,
          StringAttributeConstraints: { MinLength: "1", MaxLength: "63" },
        },
      ],
    }),
  );
  const id = created.UserPool?.Id;
  if (!id) throw new Error(`CreateUserPool ${name} returned no id`);
  return id;
}

async function findAppClient(client: CognitoIdentityProviderClient, userPoolId: string, name: string) {
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60, NextToken }),
    );
    const found = page.UserPoolClients?.find((c) => c.ClientName === name);
    if (found?.ClientId) return found.ClientId;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

async function createAppClient(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  name: string,
  attribute: string,
): Promise<string> {
  const created = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: name,
      GenerateSecret: false,
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      ReadAttributes: ["email", "email_verified", `custom:${attribute}`],
      WriteAttributes: ["email"],
      PreventUserExistenceErrors: "ENABLED",
    }),
  );
  const id = created.UserPoolClient?.ClientId;
  if (!id) throw new Error(`CreateUserPoolClient ${name} returned no id`);
  return id;
}

async function ensureUser(client: CognitoIdentityProviderClient, userPoolId: string, user: DevUser, attribute: string) {
  const tenant = { Name: `custom:${attribute}`, Value: user.tenantId };
  if (await userExists(client, userPoolId, user.email)) {
    // Only the tenant: re-writing the e-mail would collide with the user's own alias.
    await client.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: userPoolId, Username: user.email, UserAttributes: [tenant] }),
    );
  } else {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: user.email,
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "email", Value: user.email }, { Name: "email_verified", Value: "true" }, tenant],
      }),
    );
  }
  // Permanent: no NEW_PASSWORD_REQUIRED challenge at the first sign-in. Re-applied on every run,
  // so a changed DOCWORKER_DEV_PASSWORD takes effect.
  await client.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: user.email,
      Password: user.password,
      Permanent: true,
    }),
  );
}

async function userExists(client: CognitoIdentityProviderClient, userPoolId: string, username: string) {
  try {
    await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === "UserNotFoundException") return false;
    throw error;
  }
}

export interface SignedIn {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

/** USER_PASSWORD_AUTH for one user: the tokens, or an error naming the challenge Cognito asked for. */
export async function signInDevUser(
  clientOrConfig: ClientOrConfig,
  clientId: string,
  username: string,
  password: string,
): Promise<SignedIn> {
  return withClient(clientOrConfig, async (client) => {
    const answer = await client.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    const result = answer.AuthenticationResult;
    if (!result?.IdToken || !result.AccessToken) {
      throw new Error(`sign-in of ${username} ended in challenge ${answer.ChallengeName ?? "(none)"}, not tokens`);
    }
    return {
      idToken: result.IdToken,
      accessToken: result.AccessToken,
      ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
      expiresIn: result.ExpiresIn ?? 3600,
    };
  });
}

export async function deleteDevUserPool(clientOrConfig: ClientOrConfig, userPoolId: string): Promise<void> {
  await withClient(clientOrConfig, async (client) => {
    await client.send(new DeleteUserPoolCommand({ UserPoolId: userPoolId }));
  });
}
