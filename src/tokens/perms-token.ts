// Join tokens for janus-plugin-sfu. It verifies them with Rust jsonwebtoken 7.2: RS512 only,
// integer `exp` (a float is a JSON error), no leeway, and a missing `room_ids` opens every room.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { Config } from "../config.js";
import { SIGNING_ALG, type SigningKey } from "./rsa-key.js";

/** Who may join which room, and whether they may kick others. */
export interface PermsGrant {
  /** User id, or "anon". */
  subject: string;
  roomSlug: string;
  canModerate: boolean;
}

export interface PermsClaims {
  sub: string;
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  join_hub: true;
  kick_users: boolean;
  room_ids: string[];
}

export type PermsTokenOptions = Pick<Config["permsToken"], "audience" | "issuer" | "ttlSeconds">;

export interface SignedPermsToken {
  token: string;
  claims: PermsClaims;
  expiresAt: Date;
  /** When a client should fetch a new token: 60 s before expiry (half the lifetime if that is shorter). */
  refreshAt: Date;
}

const REFRESH_MARGIN_SECONDS = 60;

export function buildPermsClaims(grant: PermsGrant, options: PermsTokenOptions, now: Date, jti: string = randomUUID()): PermsClaims {
  assertTtl(options.ttlSeconds);
  if (Number.isNaN(now.getTime())) throw new RangeError("now is an invalid Date");
  if (!grant.subject) throw new TypeError("grant.subject must be a user id or \"anon\"");
  // An empty slug would still be a room_ids entry, but one that names no room: a bug upstream.
  if (!grant.roomSlug) throw new TypeError("grant.roomSlug must not be empty");
  const iat = Math.floor(now.getTime() / 1000);
  return {
    sub: grant.subject,
    aud: options.audience,
    iss: options.issuer,
    iat,
    nbf: iat,
    exp: iat + options.ttlSeconds,
    jti,
    join_hub: true,
    kick_users: grant.canModerate,
    room_ids: [grant.roomSlug],
  };
}

export class PermsTokenSigner {
  constructor(
    private readonly key: SigningKey,
    private readonly options: PermsTokenOptions,
  ) {
    assertTtl(options.ttlSeconds);
  }

  get kid(): string {
    return this.key.kid;
  }

  async sign(grant: PermsGrant, now: Date = new Date()): Promise<SignedPermsToken> {
    const claims = buildPermsClaims(grant, this.options, now);
    // The KeyObject was parsed at start; jose caches its WebCrypto form per KeyObject, so no re-parsing here.
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: SIGNING_ALG, typ: "JWT", kid: this.key.kid })
      .sign(this.key.privateKey);
    const refreshMarginSeconds = Math.min(REFRESH_MARGIN_SECONDS, this.options.ttlSeconds / 2);
    return {
      token,
      claims,
      expiresAt: new Date(claims.exp * 1000),
      refreshAt: new Date((claims.exp - refreshMarginSeconds) * 1000),
    };
  }
}

// janus-plugin-sfu rejects a fractional `exp` outright, so the lifetime must be whole seconds.
function assertTtl(ttlSeconds: number): void {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
  }
}
