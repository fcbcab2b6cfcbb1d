import { statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocworkerApiClient } from "../src/api-client.ts";
import { ApiProblemError } from "../src/api-errors.ts";

/** Answers the way things between the CLI and docworker do: a proxy's HTML page, S3's XML errors. */
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/documents/doc_0123456789abcdef0123") {
      response.writeHead(502, { "content-type": "text/html" }).end("<html>Bad Gateway</html>");
    } else if (request.url?.startsWith("/s3")) {
      request.resume();
      response
        .writeHead(403, { "content-type": "application/xml" })
        .end("<Error><Code>SignatureDoesNotMatch</Code><Message>The signature is wrong</Message></Error>");
    } else {
      response.writeHead(200, { "content-type": "application/json" }).end("not json");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("DocworkerApiClient errors", () => {
  it("reports a non-problem error response by its HTTP status, marked transient for a 502", async () => {
    const client = new DocworkerApiClient({ baseUrl: `${url}/` });
    const error = await client.getDocument("doc_0123456789abcdef0123").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblemError);
    expect(error).toMatchObject({ status: 502, code: "HTTP_502", transient: true });
  });

  it("reads the code and message of an S3 XML error from a pre-signed upload", async () => {
    const client = new DocworkerApiClient({ baseUrl: url });
    const upload = { url: `${url}/s3/key`, method: "PUT" as const, headers: {}, expiresAt: "" };
    const error = await client
      .uploadFile(upload, { path: import.meta.filename, size: statSync(import.meta.filename).size })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, code: "SignatureDoesNotMatch", detail: "The signature is wrong" });
  });

  it("refuses a success answer whose body is not JSON", async () => {
    const client = new DocworkerApiClient({ baseUrl: url });
    await expect(client.search({ query: "x" })).rejects.toMatchObject({ code: "INVALID_RESPONSE" });
  });
});
