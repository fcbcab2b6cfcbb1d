import { existsSync } from "node:fs";
import { join } from "node:path";
import { type BrowserAuth, UiConfig } from "@docworker/api-contract";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync } from "fastify";

export interface WebUiOptions {
  /** The built UI (packages/web-ui/dist). */
  distDir: string;
  auth: BrowserAuth;
  /** Origins the page may call besides its own: Cognito and the raw bucket's upload URLs. */
  connectSources: string[];
  maxDocumentBytes: number;
}

/** What the UI serves without a token (the page must load before anyone can sign in): the page
 * itself at exactly `/`, and these prefixes. */
export const WEB_UI_PAGE_PATH = "/";
export const WEB_UI_PUBLIC_PREFIXES = ["/index.html", "/favicon.svg", "/assets", "/ui-config.json"];

/**
 * The policy of the UI's responses: scripts, styles, fonts and the PDF.js worker from this
 * origin only, images from this origin or drawn locally (blob:/data: for PDF.js), network calls
 * to this origin and to the named Cognito and S3 origins. No inline script, no eval, no framing.
 */
export function contentSecurityPolicy(connectSources: string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectSources].join(" ")}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The browser UI at `/`, built by Vite into static files, with its configuration at
 * /ui-config.json. Only the UI's own responses carry its Content-Security-Policy (the plugin is
 * encapsulated); the API's JSON routes are untouched.
 */
export const webUi: FastifyPluginAsync<WebUiOptions> = async (app, options) => {
  const policy = contentSecurityPolicy(options.connectSources);
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header("content-security-policy", policy);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("cross-origin-opener-policy", "same-origin");
    return payload;
  });

  app.get("/ui-config.json", { schema: { hide: true, response: { 200: UiConfig } } }, async (_request, reply) => {
    reply.header("cache-control", "no-store");
    const config: UiConfig = { auth: options.auth, maxDocumentBytes: options.maxDocumentBytes };
    return config;
  });

  if (!existsSync(join(options.distDir, "index.html"))) {
    app.log.warn({ distDir: options.distDir }, "the web UI is not built: `make ui` builds it");
    app.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply
        .status(503)
        .type("text/plain; charset=utf-8")
        .send("The docworker web UI is not built. Run `make ui` (make run and make test do it), then reload."),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: options.distDir,
    prefix: "/",
    // Files are looked up per request, so a rebuild (`make ui`) is served without a restart;
    // a path that is no file falls through to the API's 404.
    wildcard: true,
    index: ["index.html"],
    schemaHide: true,
    setHeaders(reply, path) {
      // Vite puts a content hash in every asset name: cache those for good, never the page.
      const hashed = path.startsWith(join(options.distDir, "assets"));
      reply.header("cache-control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
};
