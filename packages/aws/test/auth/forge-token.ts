import { generateKeyPairSync, sign } from "node:crypto";

const part = (token: string, index: number) =>
  JSON.parse(Buffer.from(token.split(".")[index] ?? "", "base64url").toString()) as Record<string, unknown>;
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The token with some claims changed and its original signature kept: the signature no longer matches. */
export function tamperClaims(token: string, claims: Record<string, unknown>): string {
  const [header, , signature] = token.split(".");
  return `${header}.${encode({ ...part(token, 1), ...claims })}.${signature}`;
}

/** The same header (moto's kid "dummy") and claims, validly signed, but by a key of our own. */
export function forgeToken(token: string, claims: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const input = `${encode(part(token, 0))}.${encode({ ...part(token, 1), ...claims })}`;
  return `${input}.${sign("RSA-SHA256", Buffer.from(input), privateKey).toString("base64url")}`;
}
