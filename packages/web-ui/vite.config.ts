import { defineConfig } from "vite";

// The API serves dist/ at `/` under a Content-Security-Policy that allows scripts, styles and
// workers from the same origin only: no inline script (no module-preload polyfill), no CDN.
export default defineConfig({
  root: "src",
  base: "/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
  server: {
    // `pnpm --filter @docworker/web-ui dev`: the UI with live reload against `make run` on :3000.
    proxy: Object.fromEntries(
      ["/documents", "/search", "/uploads", "/ui-config.json", "/extraction-schema", "/health"].map((p) => [
        p,
        "http://127.0.0.1:3000",
      ]),
    ),
  },
});
