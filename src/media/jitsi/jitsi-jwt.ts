// Jitsi JWT (token_verification): HS256 signed with the app secret.
// Jitsi allows no clock skew and treats a token without `exp` as never expiring,
// so we always set integer `exp`, and verify with zero tolerance and `exp` required.
import { errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { JitsiConfig } from "../../config.js";
import { JITSI_ROOM_NAME_PATTERN } from "./room-name.js";

export interface JitsiUser {
  id: string;
  name?: string;
  email?: string;
  avatar?: string;
  moderator: boolean;
}

export interface JitsiJwtClaims extends JWTPayload {
  iss: string;
  aud: string | string[];
  sub?: string;
  room: string;
  exp: number;
  context?: { user?: Record<string, unknown> };
}

export interface SignJitsiJwtInput {
  config: JitsiConfig;
  /** A lowercase alphanumeric room (e.g. from `jitsiRoomName`) or "*" for every room. */
  roomName: string;
  user: JitsiUser;
  now?: Date;
}

export interface JitsiJwtVerifyOptions {
  appId: string;
  appSecret: string;
  audience: string;
  /** When given, `sub` must equal it or be "*", as Jitsi checks against its domain/tenant. */
  subject?: string;
  now?: Date;
}

export type JitsiJwtFailureReason = "MALFORMED" | "BAD_SIGNATURE" | "EXPIRED" | "NOT_YET_VALID" | "CLAIM_INVALID";

export type JitsiJwtVerifyResult =
  | {
      ok: true;
      claims: JitsiJwtClaims;
      roomName: string;
      /** Undefined when the token carries no `context.user`. */
      user: JitsiUser | undefined;
      issuedAt: Date | undefined;
      expiresAt: Date;
    }
  | { ok: false; reason: JitsiJwtFailureReason; message: string };

export async function signJitsiJwt(input: SignJitsiJwtInput): Promise<{ jwt: string; expiresAt: Date }> {
  const { config, roomName, user, now = new Date() } = input;
  if (roomName !== "*" && !JITSI_ROOM_NAME_PATTERN.test(roomName)) {
    throw new RangeError(`Jitsi room names must be lowercase alphanumeric or "*", got ${JSON.stringify(roomName)}`);
  }
  if (!user.id) throw new RangeError("user.id must not be empty");
  if (!Number.isInteger(config.jwtTtlSeconds) || config.jwtTtlSeconds <= 0) {
    throw new RangeError(`jwtTtlSeconds must be a positive integer, got ${config.jwtTtlSeconds}`);
  }

  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + config.jwtTtlSeconds;
  const jwt = await new SignJWT({ room: roomName, context: { user: userClaim(user) } })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(config.appId)
    .setAudience(config.jwtAudience)
    .setSubject(config.jwtSubject)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .sign(secretKey(config.appSecret));
  return { jwt, expiresAt: new Date(exp * 1000) };
}

export async function verifyJitsiJwt(jwt: string, options: JitsiJwtVerifyOptions): Promise<JitsiJwtVerifyResult> {
  const { appId, appSecret, audience, subject, now = new Date() } = options;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(jwt, secretKey(appSecret), {
      algorithms: ["HS256"],
      issuer: appId,
      audience,
      clockTolerance: 0,
      requiredClaims: ["exp"],
      currentDate: now,
    }));
  } catch (error) {
    return failureFromJose(error);
  }

  if (typeof payload.room !== "string" || payload.room === "") {
    return fail("CLAIM_INVALID", 'The "room" claim is missing');
  }
  if (subject !== undefined && payload.sub !== subject && payload.sub !== "*") {
    return fail("CLAIM_INVALID", `The "sub" claim is ${JSON.stringify(payload.sub)}, expected ${JSON.stringify(subject)} or "*"`);
  }
  const user = jitsiUserFromClaims(payload);
  if (user === null) return fail("CLAIM_INVALID", 'The "context.user" claim is not a valid user');

  const claims = payload as JitsiJwtClaims;
  return {
    ok: true,
    claims,
    roomName: claims.room,
    user,
    issuedAt: claims.iat === undefined ? undefined : new Date(claims.iat * 1000),
    expiresAt: new Date(claims.exp * 1000),
  };
}

function secretKey(appSecret: string): Uint8Array {
  if (!appSecret) throw new RangeError("appSecret must not be empty");
  return new TextEncoder().encode(appSecret);
}

/** Leaves out absent optional fields instead of emitting nulls. */
function userClaim(user: JitsiUser): Record<string, unknown> {
  const claim: Record<string, unknown> = { id: user.id };
  if (user.name !== undefined) claim.name = user.name;
  if (user.email !== undefined) claim.email = user.email;
  if (user.avatar !== undefined) claim.avatar = user.avatar;
  claim.moderator = user.moderator;
  return claim;
}

/** Reads `context.user`: undefined when absent, null when present but unusable. */
export function jitsiUserFromClaims(payload: JWTPayload): JitsiUser | undefined | null {
  const context = payload.context;
  if (context === undefined) return undefined;
  if (!isRecord(context)) return null;
  const user = context.user;
  if (user === undefined) return undefined;
  if (!isRecord(user) || typeof user.id !== "string") return null;
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return {
    id: user.id,
    name: text(user.name),
    email: text(user.email),
    avatar: text(user.avatar),
    // Jitsi also honours the string "true"; anything else means not a moderator.
    moderator: user.moderator === true || user.moderator === "true",
  };
}

function failureFromJose(error: unknown): JitsiJwtVerifyResult {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof errors.JWSSignatureVerificationFailed) return fail("BAD_SIGNATURE", "Signature does not match the app secret");
  if (error instanceof errors.JOSEAlgNotAllowed) return fail("BAD_SIGNATURE", `Only HS256 is accepted: ${message}`);
  if (error instanceof errors.JWTExpired) return fail("EXPIRED", message);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "nbf" && error.reason === "check_failed") return fail("NOT_YET_VALID", message);
    return fail("CLAIM_INVALID", message);
  }
  if (error instanceof errors.JOSEError) return fail("MALFORMED", message);
  throw error;
}

function fail(reason: JitsiJwtFailureReason, message: string): JitsiJwtVerifyResult {
  return { ok: false, reason, message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
