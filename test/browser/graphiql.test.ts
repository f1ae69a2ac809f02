// Drives the offline GraphiQL IDE in a real headless Chromium against the real app.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Browser } from "playwright-core";
import { launchChromium, onWatchedPage } from "../support/browser.js";
import { startTestApp } from "../support/test-app.js";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

describe("GraphiQL IDE (offline, headless Chromium)", () => {
  let app: { url: string; stop(): Promise<void> } | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    app = await startTestApp({ database: "pglite" });
    browser = await launchChromium();
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
    const record = await onWatchedPage(browser!, "graphiql-test", async (page) => {
      // The editor's own value: its DOM text also holds line numbers and only the rendered lines.
      const queryText = () =>
        page.$eval(".graphiql-query-editor .CodeMirror", (el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
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
    });
    const offHost = record.requests.filter((url) => {
      const { protocol, hostname } = new URL(url);
      return !(protocol === "data:" || protocol === "blob:" || LOCAL_HOSTS.has(hostname));
    });
    expect(offHost).toEqual([]);
    expect(record.cspViolations).toEqual([]);
    expect(record.pageErrors).toEqual([]);
  }, 60_000);
});
