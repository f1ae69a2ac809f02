// Tells which Jitsi credential a string is and whether this deployment would accept it.
// Shared by the jitsi:verify CLI and tests; pure apart from the clock passed in.
import { decodeJwt, type JWTPayload } from "jose";
import type { JitsiConfig } from "../../config.js";
import { jitsiUserFromClaims, verifyJitsiJwt, type JitsiUser } from "./jitsi-jwt.js";
import { parseProsodyPassword, verifyProsodyPassword } from "./prosody-token.js";
import { slugFromJitsiRoomName } from "./room-name.js";

export type CredentialScheme = "prosody" | "jwt" | "unknown";

export interface CredentialDetails {
  /** False when the fields below were read from a credential that failed verification. */
  verified: boolean;
  roomName?: string;
  /** The roomkey slug the room name encodes, when it is one `jitsiRoomName` produces. */
  slug?: string;
  issuedAt?: Date;
  expiresAt?: Date;
  issuer?: string;
  audience?: string[];
  subject?: string;
  user?: JitsiUser;
}

export interface CredentialReport {
  scheme: CredentialScheme;
  ok: boolean;
  reason?: string;
  message?: string;
  details: CredentialDetails;
}

const JWT_SHAPE = /^[^.]+\.[^.]+\.[^.]*$/;

export function detectCredentialScheme(input: string): CredentialScheme {
  if (JWT_SHAPE.test(input)) return "jwt";
  if (input.includes("_")) return "prosody";
  return "unknown";
}

export async function verifyJitsiCredential(input: string, config: JitsiConfig, now: Date = new Date()): Promise<CredentialReport> {
  const scheme = detectCredentialScheme(input);
  if (scheme === "jwt") return verifyJwtCredential(input, config, now);
  if (scheme === "prosody") return verifyProsodyCredential(input, config, now);
  return {
    scheme,
    ok: false,
    reason: "UNRECOGNIZED",
    message: "Neither a JWT (three dot-separated parts) nor a Prosody password (token_room_timestamp)",
    details: { verified: false },
  };
}

function verifyProsodyCredential(input: string, config: JitsiConfig, now: Date): CredentialReport {
  const result = verifyProsodyPassword(input, {
    appId: config.appId,
    appSecret: config.appSecret,
    tokenLifetimeSeconds: config.tokenLifetimeSeconds,
    now,
  });
  if (result.ok) {
    const { roomName, issuedAt, expiresAt } = result;
    return { scheme: "prosody", ok: true, details: { verified: true, ...roomDetails(roomName), issuedAt, expiresAt } };
  }
  const parsed = parseProsodyPassword(input);
  const details: CredentialDetails = parsed
    ? {
        verified: false,
        ...roomDetails(parsed.roomName),
        issuedAt: parsed.issuedAt,
        expiresAt: new Date(parsed.issuedAt.getTime() + config.tokenLifetimeSeconds * 1000),
      }
    : { verified: false };
  return { scheme: "prosody", ok: false, reason: result.reason, message: result.message, details };
}

async function verifyJwtCredential(input: string, config: JitsiConfig, now: Date): Promise<CredentialReport> {
  const result = await verifyJitsiJwt(input, {
    appId: config.appId,
    appSecret: config.appSecret,
    audience: config.jwtAudience,
    subject: config.jwtSubject,
    now,
  });
  if (result.ok) {
    return { scheme: "jwt", ok: true, details: { verified: true, ...jwtDetails(result.claims) } };
  }
  const claims = decodeUnverified(input);
  const details: CredentialDetails = claims ? { verified: false, ...jwtDetails(claims) } : { verified: false };
  return { scheme: "jwt", ok: false, reason: result.reason, message: result.message, details };
}

function jwtDetails(claims: JWTPayload): Omit<CredentialDetails, "verified"> {
  const room = typeof claims.room === "string" ? claims.room : undefined;
  return {
    ...(room === undefined ? {} : roomDetails(room)),
    issuedAt: typeof claims.iat === "number" ? new Date(claims.iat * 1000) : undefined,
    expiresAt: typeof claims.exp === "number" ? new Date(claims.exp * 1000) : undefined,
    issuer: claims.iss,
    audience: claims.aud === undefined ? undefined : [claims.aud].flat(),
    subject: claims.sub,
    user: jitsiUserFromClaims(claims) ?? undefined,
  };
}

function roomDetails(roomName: string): Pick<CredentialDetails, "roomName" | "slug"> {
  return { roomName, slug: roomName === "*" ? undefined : slugFromJitsiRoomName(roomName) };
}

function decodeUnverified(jwt: string): JWTPayload | undefined {
  try {
    return decodeJwt(jwt);
  } catch {
    return undefined;
  }
}

/** Human-readable lines for the CLI. */
export function formatCredentialReport(report: CredentialReport): string[] {
  const { details } = report;
  const lines = [`scheme:     ${report.scheme}`];
  lines.push(report.ok ? "result:     VALID" : `result:     INVALID (${report.reason}): ${report.message}`);
  const hasFields = Object.entries(details).some(([key, value]) => key !== "verified" && value !== undefined);
  if (!details.verified && hasFields) lines.push("(the fields below are unverified)");
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined) lines.push(`${`${label}:`.padEnd(12)}${value}`);
  };
  add("room", details.roomName);
  add("slug", details.slug);
  add("issued", details.issuedAt?.toISOString());
  add("expires", details.expiresAt?.toISOString());
  add("issuer", details.issuer);
  add("audience", details.audience?.join(", "));
  add("subject", details.subject);
  if (details.user) {
    const { id, name, email, moderator } = details.user;
    add("user", [id, name && `"${name}"`, email && `<${email}>`].filter(Boolean).join(" "));
    add("moderator", String(moderator));
  }
  return lines;
}
