// The walk a new user takes through the web UI, as `it` steps on one page: sign in (when the
// deployment has auth), upload three real files (and one the UI refuses), watch them reach
// PROCESSED, search, open a hit at its page, delete one; axe-core and the console are checked
// on every page, and each page is photographed.
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { accessibilityViolations, launchChromium, openPage, screenshotDir, type WatchedPage } from "./chromium.ts";

const fixture = (name: string) => new URL(`../../../packages/parsing/test/fixtures/${name}`, import.meta.url).pathname;
export const UPLOADED = ["layout-parser-paper-fast.pdf", "handbook-1p.docx", "sample-readme.md"];
/** Uploads fine, then fails in the worker: its row must show the reason code. */
const FAILING = "password.pdf";
/** Refused by the page before any upload. */
const REFUSED = "empty.txt";

export interface WalkthroughTarget {
  url: string;
  signIn?: { email: string; password: string };
}

export function defineUiWalkthrough(suite: string, target: () => WalkthroughTarget, options: { processMs: number }) {
  const stepMs = options.processMs + 30_000;
  let browser: Browser;
  let watched: WatchedPage;
  const dir = screenshotDir(suite);
  // The whole page, cut at a height that shows a document's details, extraction and page image.
  const shot = (name: string) =>
    watched.page.screenshot({
      path: join(dir, `${name}.png`),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: 2300 },
    });

  const checkPage = async (name: string) => {
    expect(await accessibilityViolations(watched.page), `axe on ${name}`).toEqual([]);
    expect(watched.problems, `browser console on ${name}`).toEqual([]);
  };

  beforeAll(async () => {
    browser = await launchChromium();
    watched = await openPage(browser, { width: 1280, height: 860 });
  });

  afterAll(async () => {
    await browser?.close();
  }, stepMs);

  it(
    "serves the page under a Content-Security-Policy and signs in",
    async () => {
      const { page } = watched;
      const response = await page.goto(target().url);
      const csp = response?.headers()["content-security-policy"] ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain("unsafe-inline");
      const signIn = target().signIn;
      if (signIn) {
        await page.getByRole("heading", { name: "Sign in to docworker" }).waitFor();
        await page.getByLabel("Email").fill(signIn.email);
        await page.getByLabel("Password").fill("not-the-password-1!");
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("alert").filter({ hasText: "Incorrect email or password" }).waitFor();
        watched.problems.length = 0; // the refused sign-in's 400 is the browser's own console line
        await checkPage("sign-in");
        await shot("sign-in");
        await page.getByLabel("Password").fill(signIn.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByText(signIn.email).waitFor();
      }
      await page.getByRole("heading", { name: "Documents" }).waitFor();
      await page.getByText("No documents").waitFor();
      // The token is kept in this tab's session storage, never in the address.
      expect(page.url()).not.toMatch(/token|eyJ/);
    },
    stepMs,
  );

  it(
    "uploads four files with a progress line each and refuses an empty one",
    async () => {
      const { page } = watched;
      await page.getByRole("link", { name: "Upload", exact: true }).click();
      await page.getByRole("heading", { name: "Upload" }).waitFor();
      await page.locator('input[type="file"][multiple]').setInputFiles([...UPLOADED, FAILING, REFUSED].map(fixture));
      await page.getByText("4 of 5 uploaded, 1 refused.").waitFor({ timeout: 20_000 });
      await page.getByText("refused: the file is empty").waitFor();
      for (const name of UPLOADED) await page.locator("li.upload-uploaded", { hasText: name }).waitFor();
      await checkPage("upload");
      await shot("upload");
    },
    stepMs,
  );

  it(
    "lists the documents with a live status until each reads PROCESSED, or FAILED with its reason",
    async () => {
      const { page } = watched;
      await page.getByRole("link", { name: "Follow them in Documents" }).click();
      await page.getByRole("heading", { name: "Documents" }).waitFor();
      for (const name of UPLOADED) {
        await page
          .getByRole("row", { name: new RegExp(name.replace(/\./g, "\\.")) })
          .getByText("PROCESSED", { exact: true })
          .waitFor({ timeout: options.processMs });
      }
      const failed = page.getByRole("row", { name: /password\.pdf/ });
      await failed.getByText("FAILED", { exact: true }).waitFor({ timeout: options.processMs });
      await failed.getByText("ENCRYPTED").waitFor();
      await page.getByText("Updating while documents are processed").waitFor({ state: "hidden" });
      await checkPage("documents");
      await shot("documents");

      await page.getByLabel("Status").selectOption("FAILED");
      await page.getByRole("row", { name: /sample-readme\.md/ }).waitFor({ state: "detached" });
      await page.getByRole("row", { name: /password\.pdf/ }).waitFor();
      expect(await page.locator("tbody tr").count()).toBe(1);
      await page.getByLabel("Status").selectOption("PROCESSING");
      await page.getByText("No documents with status PROCESSING").waitFor();
      await page.getByLabel("Status").selectOption("");
      await page.getByRole("row", { name: /sample-readme\.md/ }).waitFor();
    },
    stepMs,
  );

  it(
    "searches and opens a hit at its page, with the extraction shown as fields",
    async () => {
      const { page } = watched;
      await page.getByRole("link", { name: "Search", exact: true }).click();
      await page.getByRole("searchbox").fill("off-the-shelf toolkit for applying DL models");
      await page.getByLabel(/Keyword/).check();
      await page.getByRole("button", { name: "Search", exact: true }).click();
      const first = page.locator("ol.results li").first();
      await first.waitFor();
      expect(await first.locator(".result-title").textContent()).toBe("layout-parser-paper-fast.pdf");
      expect(await first.textContent()).toContain("page 2");
      expect(await first.locator("mark").first().textContent()).toMatch(/toolkit|off|shelf|DL|models|applying/i);
      expect(page.url()).toContain("mode=keyword");
      await checkPage("search");
      await shot("search");

      await first.locator(".result-title").click();
      await page.getByRole("heading", { name: "layout-parser-paper-fast.pdf" }).waitFor();
      await page.getByText("Page 2 of 2").waitFor({ timeout: 20_000 });
      await page.locator(".chunks li.selected").waitFor();
      await page.getByRole("heading", { name: "Extraction" }).waitFor();
      // Fields labelled from the schema, not only raw JSON.
      await page.locator("dl.fields dt", { hasText: "Title" }).first().waitFor();
      await page.locator("dl.fields dt", { hasText: "Key points" }).first().waitFor();
      // The page image is drawn: the canvas has non-white pixels.
      await page.waitForFunction(() => {
        const canvas = document.querySelector<HTMLCanvasElement>(".pdf-page canvas");
        if (!canvas || canvas.width === 0) return false;
        const data = canvas.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data;
        return !!data && data.some((value, i) => i % 4 !== 3 && value < 200);
      });
      await checkPage("document");
      await shot("document");
    },
    stepMs,
  );

  it(
    "works from the keyboard alone: navigation, search, opening a hit, choosing a chunk",
    async () => {
      const { page } = watched;
      await page.getByRole("link", { name: "Documents", exact: true }).focus();
      await page.keyboard.press("Tab"); // Upload
      await page.keyboard.press("Tab"); // Search
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "Search" }).waitFor();
      await page.getByRole("searchbox").focus();
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type("bankruptcy trustee");
      await page.keyboard.press("Enter");
      await page.waitForURL(/[?&]q=bankruptcy\+trustee/);
      // Results, "nothing found" or an error: whichever it is, the failure shows the page's text.
      const title = page.locator("ol.results li .result-title").first();
      const searchPage = page.locator("section[aria-labelledby=search-title]");
      await title.or(searchPage.getByRole("alert")).or(searchPage.locator("p.empty")).first().waitFor({
        timeout: options.processMs,
      });
      expect(await title.count(), (await searchPage.textContent()) ?? "").toBe(1);
      expect(await title.textContent()).toBe("handbook-1p.docx");
      await title.focus();
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "handbook-1p.docx" }).waitFor();
      // A chunk is chosen with the keyboard too, and the choice lands in the address.
      await page.locator(".chunk-head").first().focus();
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => /chunk=/.test(location.hash));
      await page.locator(".chunks li.selected").waitFor();
      expect(watched.problems).toEqual([]);
    },
    stepMs,
  );

  it(
    "deletes a document after asking",
    async () => {
      const { page } = watched;
      await page.getByRole("link", { name: "Documents", exact: true }).click();
      const row = page.getByRole("row", { name: /handbook-1p\.docx/ });
      await row.getByRole("button", { name: /Delete/ }).click();
      const dialog = page.getByRole("dialog", { name: "Delete handbook-1p.docx?" });
      await dialog.waitFor();
      await checkPage("delete dialog");
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await dialog.waitFor({ state: "hidden" });
      await row.getByRole("button", { name: /Delete/ }).click();
      await dialog.getByRole("button", { name: "Delete" }).click();
      await page.getByRole("status").filter({ hasText: "handbook-1p.docx is being deleted" }).waitFor();
      await row.getByText("DELETED", { exact: true }).waitFor({ timeout: options.processMs });
      await checkPage("documents after delete");
    },
    stepMs,
  );

  it(
    "is usable on a narrow screen",
    async () => {
      const narrow = await openPage(browser, { width: 390, height: 844 });
      try {
        // The same tab's session: copy the signed-in state, as a reload of this tab would keep it.
        const session = await watched.page.evaluate(() => sessionStorage.getItem("docworker.session"));
        await narrow.page.goto(target().url);
        if (session) {
          await narrow.page.evaluate((s) => sessionStorage.setItem("docworker.session", s), session);
          await narrow.page.reload();
        }
        await narrow.page.getByRole("row", { name: /sample-readme\.md/ }).waitFor();
        const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        expect(await accessibilityViolations(narrow.page)).toEqual([]);
        expect(narrow.problems).toEqual([]);
        await narrow.page.screenshot({ path: join(dir, "documents-narrow.png"), fullPage: true });
      } finally {
        await narrow.context.close();
      }
    },
    stepMs,
  );
}
