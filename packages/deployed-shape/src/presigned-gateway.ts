import { createServer, request as forward, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

export interface KnownCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface PresignedGateway {
  /** Where clients and services send their AWS requests instead of moto itself. */
  url: string;
  stop(): Promise<void>;
}

/**
 * moto's IAM enforcement reads the signer only from an Authorization header, so a pre-signed URL
 * (query-string signature) fails there although AWS accepts it. In front of moto, this gateway
 * takes a pre-signed request signed by one of the credentials it was given (the task roles'),
 * unexpired and with its signed headers present, and sends it to moto signed in the header with
 * those credentials: moto then authorises the action for the signer, as S3 does. It does not
 * recompute the query signature (a tampered URL is not caught here; the pre-signing itself is
 * tested against moto without IAM). Everything else passes unchanged.
 */
export async function startPresignedGateway(
  motoEndpoint: string,
  credentials: () => KnownCredentials[],
): Promise<PresignedGateway> {
  const moto = new URL(motoEndpoint);
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://gateway");
    const body = await readBody(req);
    let headers = { ...req.headers } as Record<string, string>;
    let path = req.url ?? "/";
    const credential = url.searchParams.get("X-Amz-Credential");
    if (credential && !req.headers.authorization) {
      try {
        ({ headers, path } = await reSign(req, url, body, credential, credentials(), moto));
      } catch (error) {
        res
          .writeHead(403, { "content-type": "application/xml" })
          .end(
            `<Error><Code>SignatureDoesNotMatch</Code><Message>${String((error as Error).message)}</Message></Error>`,
          );
        return;
      }
    }
    // Header-signed requests go on untouched: their signature covers the host they were sent to.
    const upstream = forward({ host: moto.hostname, port: moto.port, method: req.method, path, headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on("error", (error) => res.writeHead(502).end(String(error)));
    upstream.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function reSign(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  credential: string,
  known: KnownCredentials[],
  moto: URL,
): Promise<{ headers: Record<string, string>; path: string }> {
  const [accessKeyId, date, region, service] = credential.split("/");
  const signer = known.find((c) => c.accessKeyId === accessKeyId);
  if (!signer || !date || !region || !service) throw new Error("the URL is signed by an unknown access key");
  const signedAt = url.searchParams.get("X-Amz-Date") ?? "";
  const expires = Number(url.searchParams.get("X-Amz-Expires") ?? 0);
  const signedAtMs = Date.parse(
    signedAt.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"),
  );
  if (!Number.isFinite(signedAtMs) || Date.now() > signedAtMs + expires * 1000) throw new Error("Request has expired");
  const signedHeaders = (url.searchParams.get("X-Amz-SignedHeaders") ?? "host").split(";");
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) if (name !== "X-Amz-Signature") query[name] = value;
  for (const name of signedHeaders) {
    if (name !== "host" && req.headers[name] === undefined) throw new Error(`the signed header ${name} is missing`);
  }
  const v4 = new SignatureV4({ credentials: signer, region, service, sha256: Sha256, uriEscapePath: false });
  const plainQuery = Object.fromEntries(Object.entries(query).filter(([name]) => !name.startsWith("X-Amz-")));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string" && name !== "host") headers[name] = value;
  }
  // Signed for the host moto receives, as the SDK would sign a request sent to it directly.
  const signed = await v4.sign({
    method: req.method ?? "GET",
    protocol: "http:",
    hostname: moto.hostname,
    port: Number(moto.port),
    path: url.pathname,
    query: plainQuery,
    headers: { ...headers, host: moto.host, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
    body,
  });
  const search = new URLSearchParams(plainQuery).toString();
  return {
    headers: signed.headers as Record<string, string>,
    path: `${url.pathname}${search ? `?${search}` : ""}`,
  };
}
