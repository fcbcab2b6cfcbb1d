import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpProblem } from "../src/http-problem.ts";
import type { Authenticate } from "../src/plugins/tenant-auth.ts";
import { contentSecurityPolicy } from "../src/plugins/web-ui.ts";
import { type EmbeddedApi, openEmbeddedApi } from "./support/embedded-api.ts";

// A built UI stand-in: the plugin serves whatever Vite wrote, so two files are enough here (the
// real build is served to a real browser in tests/browser).
const dist = mkdtempSync(join(tmpdir(), "docworker-ui-dist-"));
mkdirSync(join(dist, "assets"));
writeFileSync(join(dist, "index.html"), '<!doctype html><script type="module" src="/assets/app.js"></script>');
writeFileSync(join(dist, "assets", "app.js"), "console.log('ui')");

const tokenRequired: Authenticate = async (request) => {
  if (request.headers.authorization !== "Bearer good") throw new HttpProblem(401, "UNAUTHENTICATED", "no token");
  return { tenantId: "acme" };
};

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split("\n")) if (line) lines.push(JSON.parse(line));
    done();
  },
});

const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);

let api: EmbeddedApi;

beforeAll(async () => {
  process.on("warning", onWarning);
  api = await openEmbeddedApi({
    authenticate: tokenRequired,
    logger: pino({ level: "info" }, sink),
    webUi: {
      distDir: dist,
      auth: {
        mode: "cognito",
        clientId: "client-1",
        region: "eu-west-1",
        endpoint: "https://cognito-idp.eu-west-1.amazonaws.com/",
      },
      connectSources: ["https://cognito-idp.eu-west-1.amazonaws.com"],
      maxDocumentBytes: 1234,
    },
  });
  await api.app.ready();
});

afterAll(async () => {
  process.off("warning", onWarning);
  await api?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe("the web UI plugin", () => {
  it("serves the page and its assets without a token, under the UI's Content-Security-Policy", async () => {
    const page = await api.app.inject({ method: "GET", url: "/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.headers["content-security-policy"]).toBe(
      contentSecurityPolicy(["https://cognito-idp.eu-west-1.amazonaws.com"]),
    );
    expect(page.headers["cache-control"]).toBe("no-cache");
    const asset = await api.app.inject({ method: "GET", url: "/assets/app.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toContain("immutable");
  });

  it("allows scripts, styles and workers from the origin only, calls to the named origins, no framing", () => {
    const policy = contentSecurityPolicy(["https://cognito-idp.eu-west-1.amazonaws.com", "http://127.0.0.1:4566"]);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("worker-src 'self'");
    expect(policy).toContain("connect-src 'self' https://cognito-idp.eu-west-1.amazonaws.com http://127.0.0.1:4566");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-(inline|eval)|\*/);
  });

  it("tells the browser how to sign in, and nothing secret", async () => {
    const config = await api.app.inject({ method: "GET", url: "/ui-config.json" });
    expect(config.statusCode).toBe(200);
    expect(config.json()).toEqual({
      auth: {
        mode: "cognito",
        clientId: "client-1",
        region: "eu-west-1",
        endpoint: "https://cognito-idp.eu-west-1.amazonaws.com/",
      },
      maxDocumentBytes: 1234,
    });
  });

  it("keeps every API route behind the token, and unknown paths the API's 404", async () => {
    expect((await api.app.inject({ method: "GET", url: "/documents" })).statusCode).toBe(401);
    expect((await api.app.inject({ method: "GET", url: "/extraction-schema" })).statusCode).toBe(401);
    const listed = await api.app.inject({
      method: "GET",
      url: "/documents",
      headers: { authorization: "Bearer good" },
    });
    expect(listed.statusCode).toBe(200);
    // The UI's policy is on the UI's responses only.
    expect(listed.headers["content-security-policy"]).toBeUndefined();
    const missing = await api.app.inject({ method: "GET", url: "/assets/nothing.js" });
    expect([401, 404]).toContain(missing.statusCode);
    expect((await api.app.inject({ method: "GET", url: "/index.htmlx" })).statusCode).toBe(401);
  });

  it("answers a method an API path does not serve with its own methods, not the static files' GET", async () => {
    const response = await api.app.inject({
      method: "PATCH",
      url: "/search",
      headers: { authorization: "Bearer good" },
    });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe("POST");
  });
});

describe("the API's request logs", () => {
  it("logs health probes at debug and other requests at info, with the request id as requestId", async () => {
    lines.length = 0;
    await api.app.inject({ method: "GET", url: "/health" });
    expect(lines).toEqual([]);
    await api.app.inject({ method: "GET", url: "/documents", headers: { authorization: "Bearer good" } });
    const completed = lines.find((line) => line.msg === "request completed");
    expect(completed).toMatchObject({ level: 30, requestId: expect.any(String) });
  });

  it("starts without a deprecation warning", () => {
    expect(warnings.filter((w) => /deprecat/i.test(w))).toEqual([]);
  });
});
