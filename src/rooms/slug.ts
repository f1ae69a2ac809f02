import { randomBytes } from "node:crypto";
import slugify from "@sindresorhus/slugify";

/** Slugs are the room ids handed to media servers (`room_ids`), so they are strict and immutable. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;
export const SLUG_MAX_LENGTH = 64;

const SUFFIX_LENGTH = 6;
const BASE_MAX_LENGTH = SLUG_MAX_LENGTH - SUFFIX_LENGTH - 1;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export function isValidSlug(slug: string): boolean {
  return SLUG_PATTERN.test(slug);
}

/** "Café Society!" → "cafe-society", "Straße" → "strasse"; empty when nothing usable is left. */
export function slugifyName(name: string): string {
  // @sindresorhus/slugify transliterates (ß → ss, ø → o, ♥ → love) rather than dropping letters.
  return slugify(name.normalize("NFKC"), { decamelize: false }).slice(0, BASE_MAX_LENGTH).replace(/-+$/g, "");
}

/** A slug from the name plus a short random suffix, e.g. "team-standup-x7k2qa"; always valid. */
export function generateSlug(name: string, random: (size: number) => Buffer = randomBytes): string {
  const base = slugifyName(name) || "room";
  const bytes = random(SUFFIX_LENGTH);
  let suffix = "";
  for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length];
  return `${base}-${suffix}`;
}
