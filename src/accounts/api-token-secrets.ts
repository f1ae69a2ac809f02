// API token secrets: a fixed prefix plus 32 random bytes in base64url. The prefix lets secret
// scanners (GitHub push protection, gitleaks, trufflehog) find leaked ones with one regex:
//   roomkey_[A-Za-z0-9_-]{43}
// ("rk_" would clash with Stripe's restricted keys, rk_live_/rk_test_). Only the SHA-256 is stored.
import { createHash, randomBytes } from "node:crypto";

export const API_TOKEN_PREFIX = "roomkey_";
const SECRET_PATTERN = /^roomkey_[A-Za-z0-9_-]{43}$/;

export function generateApiTokenSecret(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function hashApiTokenSecret(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

/** A bearer starting with the prefix is an API token (a session token never has it). */
export const isApiTokenBearer = (bearer: string): boolean => bearer.startsWith(API_TOKEN_PREFIX);

/** Cheap shape check before touching the database. */
export const looksLikeApiTokenSecret = (bearer: string): boolean => SECRET_PATTERN.test(bearer);
