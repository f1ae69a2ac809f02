// Password hashing with argon2id (OWASP's baseline parameters: 19 MiB, 2 passes, 1 lane).
import { hash, verify, type Options } from "@node-rs/argon2";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

const ARGON2ID = 2; // Algorithm.Argon2id; the package exports it as an ambient const enum.
const options: Options = { algorithm: ARGON2ID as Options["algorithm"], memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/** False for a wrong password or a malformed hash; never throws for bad input. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Burns the same time as a real verification, so a login for an unknown email takes as long as one
 * with a wrong password (no account enumeration by timing).
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("roomkey-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
  return false;
}
