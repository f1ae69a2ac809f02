// Drives the built-in admin page (/admin) in a real headless Chromium against the real app:
// sign in, find a room, kick a member, see the ban and the audit entry; API tokens; all offline.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Browser } from "playwright-core";
import { launchChromium, onWatchedPage } from "../support/browser.js";
import { gqlOk } from "../support/graphql-client.js";
import { PASSWORD, createRoom, setRole, signUp, type SignedUpUser } from "../support/scenario.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const ADMIN_EMAIL = "page-admin@example.com";

describe("admin page (offline, headless Chromium)", () => {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  let member: SignedUpUser;
  let roomSlug: string;

  beforeAll(async () => {
    app = await startTestApp({ database: "pglite", env: { ADMIN_EMAILS: ADMIN_EMAIL } });
    await gqlOk(app.url, `mutation($input: RegisterInput!) { register(input: $input) { token } }`, { input: { email: ADMIN_EMAIL, password: PASSWORD } });
    const owner = await signUp(app.url, "page-owner");
    member = await signUp(app.url, "page-member");
    roomSlug = (await createRoom(app.url, owner.token, { name: "Browser Kick Room" })).slug;
    await setRole(app.url, owner.token, roomSlug, member.id, "PUBLISHER");
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("serves the page with a strict CSP (no inline code) and versioned, immutable assets", async () => {
    const page = await fetch(`${app!.url}/admin`);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    const html = await page.text();
    expect(html).not.toMatch(/<script>|\sstyle=|\son[a-z]+=/); // nothing inline for the CSP to forbid
    const script = html.match(/src="([^"]+\/admin\.js)"/)![1]!;
    const asset = await fetch(`${app!.url}${script}`);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect(asset.headers.get("content-type")).toMatch(/javascript/);
  });

  it("signs in, finds a room, kicks a member, shows the ban and the audit entry; makes a user admin; creates and revokes an API token", async () => {
    const record = await onWatchedPage(browser!, "admin-page-test", async (page) => {
      await page.goto(`${app!.url}/admin`);
      expect(await page.title()).toBe("roomkey admin");

      // Sign in with the keyboard: labelled fields, Enter submits.
      await page.getByLabel("Email", { exact: true }).fill(ADMIN_EMAIL);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByLabel("Password", { exact: true }).press("Enter");
      await page.getByRole("status").filter({ hasText: "Signed in." }).waitFor();

      await page.getByLabel("Search rooms by name or slug").fill("browser kick");
      await page.getByRole("button", { name: "Search", exact: true }).first().click();
      await page.getByRole("status").filter({ hasText: "1 of 1 rooms shown." }).waitFor();
      await page.getByRole("button", { name: "Open room Browser Kick Room" }).click();

      const members = page.getByRole("table", { name: "Members" });
      await members.getByRole("row", { name: new RegExp(member.email) }).waitFor();
      await page.getByLabel(`Reason for kicking ${member.email}`).fill("spamming the chat");
      await page.getByRole("button", { name: `Kick ${member.email}` }).click();
      await page.getByRole("status").filter({ hasText: `${member.email} was kicked and banned.` }).waitFor();

      const ban = page.getByRole("table", { name: "Bans" }).getByRole("row", { name: new RegExp(member.email) });
      expect(await ban.textContent()).toContain("spamming the chat");
      expect(await members.textContent()).not.toContain(member.email);
      const kickEvent = page.getByRole("table", { name: "Room audit trail" }).getByRole("row", { name: /USER_KICKED/ });
      const kickText = (await kickEvent.textContent()) ?? "";
      expect(kickText).toContain(ADMIN_EMAIL);
      expect(kickText).toContain(member.email);
      expect(kickText).toContain("spamming the chat");

      // Users: find the member and make them an admin.
      await page.getByLabel("Search users by email or name").fill(member.email);
      await page.getByLabel("Search users by email or name").press("Enter");
      await page.getByRole("status").filter({ hasText: "1 of 1 users shown." }).waitFor();
      await page.getByRole("button", { name: `Make admin ${member.email}` }).click();
      await page.getByRole("status").filter({ hasText: `${member.email} is now an admin.` }).waitFor();
      expect(await page.getByRole("table", { name: "Users found" }).getByRole("row", { name: new RegExp(member.email) }).textContent()).toContain("yes");

      // API tokens: the secret is shown once, then the token can be revoked.
      await page.getByLabel("Name", { exact: true }).fill("ci dashboard");
      await page.getByLabel("ROOMS_READ").check();
      await page.getByRole("button", { name: "Create token" }).click();
      // The secret lands in its <output> when createApiToken answers: wait for it, then read it.
      const secretOutput = page.locator("#token-secret-value").filter({ hasText: /^roomkey_/ });
      await secretOutput.waitFor();
      const secret = await secretOutput.textContent();
      expect(secret).toMatch(/^roomkey_[A-Za-z0-9_-]{43}$/);
      const tokenRow = page.getByRole("table", { name: "Your API tokens" }).getByRole("row", { name: /ci dashboard/ });
      await tokenRow.waitFor();
      await page.getByRole("button", { name: "Revoke token ci dashboard" }).click();
      await page.getByRole("status").filter({ hasText: "Token ci dashboard revoked." }).waitFor();
      expect(await tokenRow.count()).toBe(0);

      // The admin's view of the whole audit log.
      await page.getByLabel("Action").selectOption("API_TOKEN_REVOKED");
      await page.getByRole("button", { name: "Show" }).click();
      await page.getByRole("table", { name: "Audit log" }).getByRole("row", { name: /API_TOKEN_REVOKED/ }).waitFor();
    });
    expect(record.requests.filter((url) => new URL(url).hostname !== "127.0.0.1")).toEqual([]);
    expect(record.cspViolations).toEqual([]);
    expect(record.pageErrors).toEqual([]);
  }, 60_000);
});
