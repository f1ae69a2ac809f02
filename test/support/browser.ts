// Headless Debian Chromium for the browser tests (never a downloaded browser), and a page that
// records what a test must check afterwards: every request it made, CSP violations, page errors.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
// Playwright itself adds --headless, --no-sandbox and a fresh temporary --user-data-dir.
const CHROMIUM_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run \`bash scripts/ensure-chromium.sh\` (browser tests never download a browser).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface PageRecord {
  requests: string[];
  cspViolations: string[];
  pageErrors: string[];
}

type Violations = { cspViolations: string[] };

/**
 * Runs `steps` on a fresh page and returns what the page did. On failure the error names a
 * screenshot and every request, so a red browser test can be read without re-running it.
 */
export async function onWatchedPage(browser: Browser, label: string, steps: (page: Page) => Promise<void>): Promise<PageRecord> {
  const context = await browser.newContext();
  const requests: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  // CSP violations only show up in the console; collect them so tests can assert there are none.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as Violations).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  try {
    await steps(page);
    const cspViolations = await page.evaluate(() => (window as unknown as Violations).cspViolations);
    return { requests, cspViolations, pageErrors };
  } catch (error) {
    const shot = path.join(mkdtempSync(path.join(tmpdir(), `${label}-`)), "failure.png");
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    (error as Error).message += `\nscreenshot: ${shot}\nrequests:\n  ${requests.join("\n  ")}`;
    throw error;
  } finally {
    await context.close();
  }
}
