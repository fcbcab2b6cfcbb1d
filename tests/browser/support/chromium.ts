// Debian's Chromium driven by playwright-core (no browser download), with what the UI tests
// check on every page: no console error, no uncaught exception, no axe-core violation.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  // `make test` installs it (scripts/browser/ensure-chromium.sh); a missing browser fails the test.
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** Where screenshots go: docs/ui/<suite> with `make ui-screenshots`, a scratch folder otherwise. */
export function screenshotDir(suite: string): string {
  const dir = join(process.env.UI_SCREENSHOT_DIR ?? join(tmpdir(), "docworker-ui-screenshots"), suite);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught exceptions and CSP violations seen so far. */
  problems: string[];
}

export async function openPage(browser: Browser, options: { width: number; height: number }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: options, colorScheme: "light", locale: "en-GB" });
  const page = await context.newPage();
  // Shorter than the test's own timeout, so a failure names the element it waited for.
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  return { page, context, problems };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core's WCAG 2.x A/AA rules on the page as it is. The script is evaluated through the
 * DevTools protocol, which the page's CSP does not govern; the page's own scripts stay under it.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<any> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return result.violations.map(
      (v: { id: string; help: string; nodes: { target: unknown }[] }) =>
        `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")})`,
    );
  });
  return violations as string[];
}
