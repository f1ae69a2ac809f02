// Opaque bearer tokens: 32 random bytes, base64url. Only the SHA-256 digest is stored, so a
// leaked database does not leak usable sessions.
import { createHash, randomBytes } from "node:crypto";

const TOKEN_BYTES = 32;

export function generateSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

export function hashSessionToken(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/** Cheap shape check before touching the database: 32 bytes of base64url are 43 characters. */
export function looksLikeSessionToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
