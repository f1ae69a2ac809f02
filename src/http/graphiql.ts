// GraphiQL served entirely from local files, so the IDE works offline (Apollo's landing page needs a CDN).
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import express from "express";

export interface GraphiqlOptions {
  /** Path the GraphQL endpoint is mounted on, e.g. "/graphql"; the IDE page is served there too. */
  endpoint: string;
  /** Where the static assets live; defaults to "/graphiql-assets". */
  assetsPath?: string;
}

// Static, so the page's CSP needs no 'unsafe-inline' for scripts; the endpoint comes from a data- attribute.
const BOOT_JS = `"use strict";
(function () {
  var root = document.getElementById("graphiql");
  // Dialogs (react-remove-scroll) inject <style> elements and tag them with this global; the per-request
  // nonce rides on this script's own tag so the page CSP can allow exactly those styles.
  window.__webpack_nonce__ = document.currentScript.nonce;
  var defaultQuery = [
    "# roomkey GraphQL. Queries about you need a session token: take the",
    "# token from the logIn (or register) mutation, open the Headers tab",
    "# below and enter",
    '#   { "Authorization": "Bearer <token>" }',
    "# Headers are not saved in this browser.",
    "",
    "{",
    "  me {",
    "    id",
    "    email",
    "  }",
    "}",
    "",
  ].join("\\n");
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: root.dataset.endpoint }),
      defaultQuery: defaultQuery,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    }),
  );
})();
`;

// Page layout lives in a served file too, so the markup carries no inline styles.
const PAGE_CSS = "body { margin: 0; }\n#graphiql { height: 100vh; }\n";

/**
 * Same origin or nothing. The only inline styles GraphiQL needs (checked in Chromium) are the <style> elements
 * its dialogs inject, allowed by a per-request nonce instead of 'unsafe-inline'; its fonts are data: URIs.
 */
export function graphiqlCsp(styleNonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${styleNonce}'`,
    "font-src 'self' data:",
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const require = createRequire(import.meta.url);

function packageDir(name: string): { dir: string; version: string } {
  const manifest = require.resolve(`${name}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  return { dir: path.dirname(manifest), version };
}

/** Allow-list of servable files (name -> absolute path), so nothing else in node_modules is exposed. */
function vendorFiles(): { files: Map<string, string>; versions: string } {
  const graphiql = packageDir("graphiql");
  const react = packageDir("react");
  const reactDom = packageDir("react-dom");
  const files = new Map([
    ["graphiql.min.css", path.join(graphiql.dir, "graphiql.min.css")],
    ["graphiql.min.js", path.join(graphiql.dir, "graphiql.min.js")],
    ["graphiql.min.js.map", path.join(graphiql.dir, "graphiql.min.js.map")],
    ["react.production.min.js", path.join(react.dir, "umd", "react.production.min.js")],
    ["react-dom.production.min.js", path.join(reactDom.dir, "umd", "react-dom.production.min.js")],
  ]);
  for (const file of files.values()) {
    if (!existsSync(file)) throw new Error(`GraphiQL asset missing: ${file} (reinstall dependencies)`);
  }
  return { files, versions: `${graphiql.version}|${react.version}|${reactDom.version}` };
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function pageHtml(endpoint: string, assets: string, styleNonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>roomkey GraphQL</title>
<link rel="stylesheet" href="${assets}/graphiql.min.css">
<link rel="stylesheet" href="${assets}/page.css">
</head>
<body>
<div id="graphiql" data-endpoint="${escapeAttribute(endpoint)}"></div>
<script src="${assets}/react.production.min.js"></script>
<script src="${assets}/react-dom.production.min.js"></script>
<script src="${assets}/graphiql.min.js"></script>
<script src="${assets}/boot.js" nonce="${styleNonce}"></script>
</body>
</html>
`;
}

/** Media types Apollo answers; a GET that prefers any of them over HTML is a GraphQL request, not a browser. */
const GRAPHQL_MEDIA_TYPES = ["application/json", "application/graphql-response+json", "multipart/mixed"];

/**
 * Mount at the app root, before Apollo. Serves the IDE on `GET <endpoint>` to browsers (prefers text/html and
 * no `query`/`extensions` parameter); every other request on the endpoint falls through to Apollo.
 */
export function graphiqlRouter(options: GraphiqlOptions): express.Router {
  const { endpoint } = options;
  const assetsPath = (options.assetsPath ?? "/graphiql-assets").replace(/\/+$/, "");
  const { files, versions } = vendorFiles();
  // Versioned asset URLs make the year-long immutable cache safe across upgrades and boot.js edits.
  const version = createHash("sha256").update(versions).update(BOOT_JS).update(PAGE_CSS).digest("hex").slice(0, 12);
  const assets = `${assetsPath}/${version}`;

  const router = express.Router();

  router.get(endpoint, (req, res, next) => {
    // The same URL answers HTML or JSON depending on Accept, so caches must key on it.
    res.vary("Accept");
    const isGraphqlRequest = req.query.query !== undefined || req.query.extensions !== undefined;
    if (isGraphqlRequest || req.accepts([...GRAPHQL_MEDIA_TYPES, "text/html"]) !== "text/html") return next();
    const styleNonce = randomBytes(16).toString("base64");
    res
      .set({
        "Content-Security-Policy": graphiqlCsp(styleNonce),
        "Cache-Control": "no-store", // the nonce must never be reused
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
      })
      .type("html")
      .send(pageHtml(endpoint, assets, styleNonce));
  });

  router.get(`${assets}/boot.js`, (_req, res) => {
    res
      .set({ "Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" })
      .type("js")
      .send(BOOT_JS);
  });

  router.get(`${assets}/page.css`, (_req, res) => {
    res
      .set({ "Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" })
      .type("css")
      .send(PAGE_CSS);
  });

  router.get(`${assets}/:file`, (req, res, next) => {
    const file = files.get(req.params.file);
    if (!file) return next();
    res.sendFile(file, { maxAge: "1y", immutable: true, headers: { "X-Content-Type-Options": "nosniff" } }, (error) => {
      if (error) next(error);
    });
  });

  return router;
}
