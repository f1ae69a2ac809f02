// Jitsi's Prosody token plugin (the sha256 scheme):
//   token    = hex(sha256(roomName + ts + appId + appSecret)), ts = issue time in UTC milliseconds
//   password = token + "_" + roomName + "_" + ts   (sent as the SASL PLAIN password)
import { createHash, timingSafeEqual } from "node:crypto";
import { JITSI_ROOM_NAME_PATTERN } from "./room-name.js";

export interface ProsodyTokenInput {
  /** Lowercase alphanumeric, e.g. from `jitsiRoomName`. */
  roomName: string;
  appId: string;
  appSecret: string;
  issuedAt: Date;
  /** The plugin's token_lifetime; only used to report `expiresAt`. */
  tokenLifetimeSeconds: number;
}

export interface ProsodyToken {
  token: string;
  password: string;
  /** Issue time in UTC milliseconds, as the decimal string that was hashed. */
  ts: string;
  expiresAt: Date;
}

export interface ProsodyVerifyOptions {
  appId: string;
  appSecret: string;
  tokenLifetimeSeconds: number;
  now: Date;
  /** How far ahead of `now` an issue time may be (clock drift between servers). */
  maxFutureSkewSeconds?: number;
}

export type ProsodyFailureReason = "MALFORMED" | "BAD_SIGNATURE" | "EXPIRED" | "FUTURE_DATED";

export type ProsodyVerifyResult =
  | { ok: true; roomName: string; issuedAt: Date; expiresAt: Date }
  | { ok: false; reason: ProsodyFailureReason; message: string };

export interface ParsedProsodyPassword {
  token: string;
  roomName: string;
  ts: string;
  issuedAt: Date;
}

// The plugin's `(%w+)_(%w+)_(%d+)` is unanchored, so Lua would also accept the first such
// run inside a longer string ("junk-abc_room_1zz"). We only accept the whole string, and
// narrow each part to what the issuer produces: a 64-char lowercase hex digest, a
// lowercase alphanumeric room, and a canonical millisecond count (no leading zeros).
const PASSWORD_PATTERN = /^([A-Za-z0-9]+)_([A-Za-z0-9]+)_([0-9]+)$/;
const DIGEST_PATTERN = /^[0-9a-f]{64}$/;
const TS_PATTERN = /^[1-9][0-9]{0,15}$/;
const MAX_DATE_MS = 8.64e15;

export function createProsodyToken(input: ProsodyTokenInput): ProsodyToken {
  const { roomName, appId, appSecret, issuedAt, tokenLifetimeSeconds } = input;
  if (!JITSI_ROOM_NAME_PATTERN.test(roomName)) {
    throw new RangeError(`Prosody room names must be lowercase alphanumeric, got ${JSON.stringify(roomName)}`);
  }
  if (!appId || !appSecret) throw new RangeError("appId and appSecret must not be empty");
  assertPositiveInteger("tokenLifetimeSeconds", tokenLifetimeSeconds);
  const issuedMs = issuedAt.getTime();
  if (!Number.isInteger(issuedMs) || issuedMs <= 0) throw new RangeError("issuedAt must be a valid date after 1970");

  const ts = String(issuedMs);
  const token = digestHex(roomName, ts, appId, appSecret);
  return {
    token,
    password: `${token}_${roomName}_${ts}`,
    ts,
    expiresAt: new Date(issuedMs + tokenLifetimeSeconds * 1000),
  };
}

/** Splits a password without checking its signature; undefined when it is not in the issued format. */
export function parseProsodyPassword(password: string): ParsedProsodyPassword | undefined {
  const match = PASSWORD_PATTERN.exec(password);
  if (!match) return undefined;
  const [, token, roomName, ts] = match;
  if (!DIGEST_PATTERN.test(token) || !JITSI_ROOM_NAME_PATTERN.test(roomName) || !TS_PATTERN.test(ts)) return undefined;
  const issuedMs = Number(ts);
  if (issuedMs > MAX_DATE_MS) return undefined;
  return { token, roomName, ts, issuedAt: new Date(issuedMs) };
}

export function verifyProsodyPassword(password: string, options: ProsodyVerifyOptions): ProsodyVerifyResult {
  const { appId, appSecret, tokenLifetimeSeconds, now, maxFutureSkewSeconds = 60 } = options;
  assertPositiveInteger("tokenLifetimeSeconds", tokenLifetimeSeconds);

  const parsed = parseProsodyPassword(password);
  if (!parsed) {
    return fail("MALFORMED", "Expected <64 lowercase hex>_<lowercase alphanumeric room>_<UTC milliseconds>");
  }

  const expected = Buffer.from(digestHex(parsed.roomName, parsed.ts, appId, appSecret), "hex");
  const given = Buffer.from(parsed.token, "hex");
  // Both are 32 bytes here (the digest pattern guarantees it), as timingSafeEqual requires.
  if (!timingSafeEqual(expected, given)) {
    return fail("BAD_SIGNATURE", "Token does not match room, timestamp and app credentials");
  }

  const issuedMs = parsed.issuedAt.getTime();
  const expiresAt = new Date(issuedMs + tokenLifetimeSeconds * 1000);
  // The original plugin only checked age, so a future timestamp bought extra lifetime.
  if (issuedMs > now.getTime() + maxFutureSkewSeconds * 1000) {
    return fail("FUTURE_DATED", `Issued at ${parsed.issuedAt.toISOString()}, later than now + ${maxFutureSkewSeconds}s`);
  }
  if (now.getTime() > expiresAt.getTime()) {
    return fail("EXPIRED", `Expired at ${expiresAt.toISOString()}`);
  }
  return { ok: true, roomName: parsed.roomName, issuedAt: parsed.issuedAt, expiresAt };
}

function digestHex(roomName: string, ts: string, appId: string, appSecret: string): string {
  return createHash("sha256").update(roomName + ts + appId + appSecret, "utf8").digest("hex");
}

function fail(reason: ProsodyFailureReason, message: string): ProsodyVerifyResult {
  return { ok: false, reason, message };
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}
