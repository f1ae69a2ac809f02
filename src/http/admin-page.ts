// The built-in admin page at /admin: a plain HTML page, one small vanilla JS module and a style
// sheet, read from src/http/admin-page/ at start and served from memory. It talks only to the
// public GraphQL API, works offline, and its CSP allows nothing but this origin (no inline code).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";

export const ADMIN_PAGE_PATH = "/admin";

export const ADMIN_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The folder of the page's files; found from the package root so it works from src/ (tests) and dist/ (npm start). */
function pageDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("admin page: package root not found");
    dir = parent;
  }
  return path.join(dir, "src", "http", "admin-page");
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function adminPageRouter(options: { endpoint: string }): express.Router {
  const dir = pageDir();
  const read = (name: string) => readFileSync(path.join(dir, name), "utf8");
  const script = read("admin.js");
  const styles = read("admin.css");
  // Content-addressed asset URLs: cached for a year, replaced whenever a file changes.
  const version = createHash("sha256").update(script).update(styles).digest("hex").slice(0, 12);
  const assets = `${ADMIN_PAGE_PATH}/assets/${version}`;
  const html = read("admin.html").replaceAll("{{assets}}", assets).replaceAll("{{endpoint}}", escapeAttribute(options.endpoint));
  const securityHeaders = { "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer" };
  const immutable = { ...securityHeaders, "Cache-Control": "public, max-age=31536000, immutable" };

  const router = express.Router();
  router.get(ADMIN_PAGE_PATH, (_req, res) => {
    res.set({ ...securityHeaders, "Content-Security-Policy": ADMIN_PAGE_CSP, "Cache-Control": "no-cache" }).type("html").send(html);
  });
  router.get(`${assets}/admin.js`, (_req, res) => res.set(immutable).type("js").send(script));
  router.get(`${assets}/admin.css`, (_req, res) => res.set(immutable).type("css").send(styles));
  return router;
}
