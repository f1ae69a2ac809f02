// Drives the offline GraphiQL IDE in a real headless Chromium against the real app.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { chromium, type Browser } from "playwright-core";
import { startTestApp } from "../support/test-app.js";

const CHROMIUM = "/usr/bin/chromium";
// Playwright itself adds --headless, --no-sandbox and a fresh temporary --user-data-dir.
const CHROMIUM_ARGS = [
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

type Violations = { cspViolations: string[] };

describe("GraphiQL IDE (offline, headless Chromium)", () => {
  let app: { url: string; stop(): Promise<void> } | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: run \`bash scripts/ensure-chromium.sh\` (browser tests never download a browser).`);
    }
    app = await startTestApp({ database: "pglite" });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("serves the page only to browsers; GraphQL GETs and API clients reach Apollo", async () => {
    const page = await fetch(`${app!.url}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain("unsafe-inline");
    const html = await page.text();
    expect(html).toContain("<title>roomkey GraphQL</title>");

    const asset = html.match(/src="([^"]+\/graphiql\.min\.js)"/)![1]!;
    const script = await fetch(`${app!.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toContain("immutable");
    // Only allow-listed files, never the rest of node_modules.
    expect((await fetch(`${app!.url}${asset.replace("graphiql.min.js", "package.json")}`)).status).toBe(404);

    const query = await fetch(`${app!.url}/graphql?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { accept: BROWSER_ACCEPT, "apollo-require-preflight": "true" },
    });
    expect(await query.json()).toEqual({ data: { __typename: "Query" } });

    // curl-style `*/*` is not a browser asking for HTML.
    const apiClient = await fetch(`${app!.url}/graphql`, { headers: { accept: "*/*" } });
    expect(apiClient.headers.get("content-type") ?? "").not.toMatch(/^text\/html/);
  });

  it("runs a query typed into the editor, with no request leaving localhost", async () => {
    const context = await browser!.newContext();
    const requests: string[] = [];
    context.on("request", (request) => requests.push(request.url()));
    // CSP violations only show up in the console; collect them so the test can assert there are none.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as Violations).cspViolations = seen;
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // The editor's own value: its DOM text also holds line numbers and only the rendered lines.
    const queryText = () =>
      page.$eval(".graphiql-query-editor .CodeMirror", (el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
    try {
      await page.goto(`${app!.url}/graphql`);
      expect(await page.title()).toBe("roomkey GraphQL");

      const editor = page.locator(".graphiql-query-editor .CodeMirror");
      await editor.waitFor();
      expect(await queryText()).toContain('"Authorization": "Bearer <token>"'); // the default example
      await editor.click();
      await page.keyboard.press("ControlOrMeta+A");
      // insertText skips the auto-closed brackets and autocomplete popups that per-key typing triggers.
      await page.keyboard.insertText("{ __typename }");
      expect(await queryText()).toBe("{ __typename }");

      await page.locator(".graphiql-execute-button").click();
      await page.locator(".graphiql-response", { hasText: '"__typename": "Query"' }).waitFor({ timeout: 15_000 });

      // The headers editor is on; dialogs inject nonce'd <style> elements, which the CSP must allow.
      await page.getByText("Headers", { exact: true }).click();
      await page.locator(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror").waitFor();
      await page.locator('.graphiql-sidebar button[aria-label="Open settings dialog"]').click();
      await page.locator(".graphiql-dialog").waitFor();
      await page.keyboard.press("Escape");

      const offHost = requests.filter((url) => {
        const { protocol, hostname } = new URL(url);
        return !(protocol === "data:" || protocol === "blob:" || LOCAL_HOSTS.has(hostname));
      });
      expect(offHost).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as Violations).cspViolations)).toEqual([]);
      expect(pageErrors).toEqual([]);
    } catch (error) {
      const shot = path.join(mkdtempSync(path.join(tmpdir(), "graphiql-test-")), "failure.png");
      await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
      (error as Error).message += `\nscreenshot: ${shot}\nrequests:\n  ${requests.join("\n  ")}`;
      throw error;
    } finally {
      await context.close();
    }
  }, 60_000);
});
