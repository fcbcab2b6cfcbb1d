import { isTenantId } from "@docworker/core";
import { CognitoJwtVerifier, JwtVerifier } from "aws-jwt-verify";
import { validateCognitoJwtFields } from "aws-jwt-verify/cognito-verifier";
import {
  FetchError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwkValidationError,
  JwtBaseError,
  JwtExpiredError,
} from "aws-jwt-verify/error";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import type { FastifyRequest } from "fastify";
import { BearerChallenge, bearerToken, forbidden } from "../auth/bearer.ts";
import { jwksCacheFor } from "../auth/jwks-source.ts";
import { HttpProblem } from "../http-problem.ts";
import type { Authenticate } from "./tenant-auth.ts";

export interface CognitoAuthOptions {
  /** e.g. `eu-west-1_AbC123`: the region and the issuer follow from it. */
  userPoolId: string;
  /** The app client the tokens were issued to: an ID token's `aud`. */
  clientId: string;
  /** The claim that names the caller's tenant (a user attribute, so only in ID tokens). */
  tenantClaim?: string;
  /** Overrides for emulators (COGNITO_ISSUER / COGNITO_JWKS_URI); unset on AWS. */
  issuer?: string;
  jwksUri?: string;
  /**
   * The tenant that owns objects dropped straight into the bucket (DOCWORKER_DEFAULT_TENANT). No
   * token may carry it, or its holder would see every such object.
   */
  reservedTenantId?: string;
}

/**
 * Verifies `Authorization: Bearer <Cognito ID token>` and returns the tenant from its claim.
 *
 * ID tokens, not access tokens: the tenant is the user attribute `custom:tenant`, and Cognito puts
 * user attributes in ID tokens only (an access token would need a pre-token-generation trigger).
 * So the token must have token_use "id", `aud` = the app client, the pool's issuer, an RS256
 * signature by a key of the pool's JWKS, and not be expired.
 *
 * On AWS the issuer and JWKS address follow from the pool id (CognitoJwtVerifier). With an
 * override, a plain JwtVerifier makes the same checks against the given issuer and JWKS; on moto
 * only the JWKS differs: its `iss` is the AWS-shaped one, its keys are served under the endpoint.
 *
 * Missing, malformed, forged or expired token: 401 with a `WWW-Authenticate: Bearer` challenge.
 * Valid token without a well-formed tenant, or with the reserved default tenant: 403. Keys unreachable: 503 (not the caller's fault).
 * Tokens never reach a log line or a problem's detail.
 */
export function createCognitoAuthenticate(options: CognitoAuthOptions): Authenticate {
  const tenantClaim = options.tenantClaim ?? "custom:tenant";
  const verify = createVerifier(options);
  return async (request) => {
    const token = bearerToken(request.headers.authorization);
    let payload: JwtPayload;
    try {
      payload = await verify(token);
    } catch (error) {
      throw verificationProblem(error, request);
    }
    const tenant = payload[tenantClaim];
    if (typeof tenant !== "string" || !isTenantId(tenant)) {
      request.log.warn({ sub: payload.sub, tenantClaim }, "authenticated caller without a valid tenant refused");
      throw forbidden(`the token does not carry a valid tenant in its "${tenantClaim}" claim`);
    }
    if (tenant === options.reservedTenantId) {
      request.log.warn({ sub: payload.sub, tenantClaim }, "a caller with the reserved default tenant refused");
      throw forbidden(`the tenant "${tenant}" is reserved for objects put into the bucket directly`);
    }
    return { tenantId: tenant };
  };
}

function createVerifier(options: CognitoAuthOptions): (token: string) => Promise<JwtPayload> {
  const { userPoolId, clientId } = options;
  if (!options.issuer && !options.jwksUri) {
    const verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: "id" });
    return (token) => verifier.verify(token);
  }
  const issuer = (options.issuer ?? CognitoJwtVerifier.parseUserPoolId(userPoolId).issuer).replace(/\/+$/, "");
  const jwksUri = options.jwksUri ?? `${issuer}/.well-known/jwks.json`;
  const jwksCache = jwksCacheFor(jwksUri);
  const verifier = JwtVerifier.create(
    {
      issuer,
      jwksUri,
      audience: clientId,
      // What CognitoJwtVerifier adds on top of the standard checks.
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: "id", clientId }),
    },
    jwksCache ? { jwksCache } : undefined,
  );
  return (token) => verifier.verify(token);
}

const KEYS_UNAVAILABLE = [FetchError, JwksValidationError, JwkValidationError, JwksNotAvailableInCacheError];

function verificationProblem(error: unknown, request: FastifyRequest): Error {
  if (!(error instanceof JwtBaseError)) return error instanceof Error ? error : new Error(String(error));
  // The class names the reason; messages can quote decoded token parts, so they stay out of logs.
  const reason = error.constructor.name;
  if (KEYS_UNAVAILABLE.some((kind) => error instanceof kind)) {
    request.log.error({ reason }, "cannot fetch the user pool's signing keys");
    return new HttpProblem(
      503,
      "AUTH_UNAVAILABLE",
      "the token's signing keys cannot be fetched right now; try again shortly",
      "Service unavailable",
    );
  }
  request.log.info({ reason }, "bearer token refused");
  if (error instanceof JwtExpiredError) return new BearerChallenge("the bearer token has expired", "invalid_token");
  return new BearerChallenge("the bearer token is not valid", "invalid_token");
}
